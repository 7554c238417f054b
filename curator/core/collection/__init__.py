"""A folder of records: finding its files, the index (rows, cache, worker processes), facets, clusters, rare values, figures."""
