"""The seed network: the vocabularies (regions, sectors, competences) and the first articles.

`vocabulary.py` loads the reference vocabularies from `directory/data/` and the term lists in
`sectors.py` and `competences.py`; every loader can run again and only adds what is missing.
"""
