"""Step save with form logic: the 50-field step of ``step-save`` with 20 rules, against the same bare view.

The rules read the posted answers and show, require and set fields of the same
step, so every save evaluates them twice (before and after the answers) and
validates with the schema the rules make (compiled once per variant). Goal: the
same as a step save without rules, at most twice the bare Django write.
"""

from bench import scenario_step_save as plain
from bench.harness import Comparison, count_queries, interleaved

NAME = "step-save-logic"
RULES = 20


def definition() -> dict:
    definition = plain.definition()
    names = list(definition["steps"][0]["schema"]["properties"])
    radios = [name for name in names if name.endswith("_radio")]
    texts = [name for name in names if name.endswith("_text")]
    optional = [name for name in names if name.endswith("_phone")]
    key = plain.STEP_KEY
    rules = []
    for n in range(RULES):
        when = {"==": [{"var": f"{key}.{radios[n % len(radios)]}"}, "ja"]}
        if n % 3 == 0:
            when = {"and": [when, {"!=": [{"var": f"{key}.{texts[n % len(texts)]}"}, None]}]}
        target = f"{key}.{optional[n % len(optional)]}"
        action = [{"action": "show_field", "field": target}, {"action": "require_field", "field": target}][n % 2]
        rules.append({"when": when, "then": [action]})
    definition["logic"] = rules
    definition["slug"] = f"{plain.SLUG}-logic"
    return definition


def run() -> Comparison:
    loket, bare = plain.prepare(definition())
    queries = f"queries {count_queries(loket)} vs {count_queries(bare)}"
    loket_times, bare_times = interleaved(loket, bare, n=plain.N, warmup=plain.WARMUP)
    return Comparison(NAME, loket_times, bare_times, goal=plain.GOAL, detail=f"{RULES} rules; {queries}")
