"""Read-only queries over the store, one module per entity, used by every surface (CLI, web, export).

articles, outlets, actors, events, relations, places, dates, quotes, framing and the consolidation each
have their module; ``views`` composes them into what one page or one command shows, ``corpus`` counts
the whole store, ``common`` holds the date bounds, paging and chunking they share. Every function takes
a Connection and returns plain data; nothing here writes (the single writer is store/writer.py).
"""
