"""Form logic: rules "als <voorwaarde> dan <actie>" as JSON Logic, evaluated, checked and described.

- :mod:`.operators`: the operators a rule may use, and the engine that evaluates them;
- :mod:`.rules`: rules compiled per version and evaluated per request (``FormSpec.logic``);
- :mod:`.checks`: what is wrong with a definition's rules, as JSON paths and plain words;
- :mod:`.describe`: each rule as a Dutch sentence for editors.
"""
