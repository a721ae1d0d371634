"""The simulated parts of the demo: the household on 127.0.0.1, the demo phone and TV, and the
sessions the simulated car holds. ``cockpit run`` never imports this package; ``cockpit demo``,
``cockpit screenshot`` and the tests do.
"""
