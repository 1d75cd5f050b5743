"""`book catalog`: many books built at once, each in a fresh process, through a cache.

listing.py   PATH (a folder of book folders, or catalog.yaml) --> the books and the
             settings they share
settings.py  a book's book.yaml tree with the catalog's defaults merged in --> BookConfig
cache.py     the content-addressed key of a book's build, and the store of what it wrote
work.py      what travels between processes: a Job, its Outcome
job.py       one book, built in the process it runs in (a fresh one, started by an engine)
engines.py   the local engine: a pool of fresh processes on this machine
cluster.py   the dask engine: one task per book on a cluster
report.py    the progress bar, the failures' lines, dist/catalog-report.json
run.py       the whole catalog: cache look-ups, the engine, the report
"""
