"""Honmono (本物): tells whether a mail that looks like Amazon's is genuine or phishing.

Deliberately imports nothing: the native host answers its first ping before anything
heavy is loaded. Entry points: ``honmono.engine.analyse``, ``honmono.cli``,
``honmono.host``.
"""
