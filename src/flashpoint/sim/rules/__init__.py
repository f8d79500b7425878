"""One module per mechanism of the engine; each docstring gives source, symbols, rule and deviations.

| module | mechanism |
|---|---|
| ``attrition`` | Lanchester square-law battles on fronts; flows add capacity |
| ``bargaining`` | Fearon (1995) screening offers; Slantchev (2003) learning while fighting; war termination |
| ``contest`` | Powell's competition in risk-taking: a war of attrition, private or complete information |
| ``brinkmanship`` | the escalation threshold r <= (w - q)/(w - d) |
| ``ladder`` | dispute onset, crisis escalation, the vertical ladder with geography and weapon limits |
| ``spread`` | allies honouring commitments (Leeds et al. 2000); joiners raising war risk; great-power clash |
| ``perception`` | rivals learning Western resolve and capability from other theatres |
| ``exchange`` | troops-for-resources exchange and combat experience; flow dynamics |
| ``posture`` | NATO East Asia posture by consensus of risk-averse members |
"""
