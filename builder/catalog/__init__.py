"""`book catalog`: many books built at once, each in a fresh process, through a cache.

listing.py   PATH (a folder of book folders, or catalog.yaml) --> the books and the
             settings they share
settings.py  a book's book.yaml tree with the catalog's defaults merged in --> BookConfig
cache.py     the content-addressed key of a book's build, and the store of what it wrote
job.py       one book, built in the process it runs in (a fresh one, started by an engine)
engines.py   where the jobs run: a pool of processes here, or a dask cluster
run.py       the whole catalog: cache look-ups, the engine, progress, the report
"""
