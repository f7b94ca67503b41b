"""cluster: group articles into stories, online, across languages.

``features`` reads what clustering needs from an article (``marks``: its weekdays, months and
figures; ``docfreq``: word weights from the stream), ``engine`` places one article at a
time among the active stories, ``stage`` ties it to the store (``cluster_stage`` runs after
ingest; ``recluster`` rebuilds from scratch), ``memory`` runs the engine without a store.
"""
