"""Demo login plugins for the embedded default: type a BSN or KvK number, pick a level.

On in ``make demo`` (``LOKET_DEMO_LOGIN``, default: on when DEBUG); a system
check refuses them under the production settings, where they would let anyone
log in as anyone.
"""
