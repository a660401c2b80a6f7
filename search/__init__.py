"""Search across the portal: `/search/?q=`.

Search is an app of its own, not a module of one of the content apps, because
it is the one place that reads *every* other app at once, and it must read
them only through what they already expose:

* each kind of result (organisations, working groups, activities, documents,
  protected areas, news) is a *provider* in `registry.py`, whose queryset is
  the owning app's own visibility selector (`activities_visible_to`,
  `documents.selectors.visibility_filter`, ...): the search can never show
  what the searcher may not see, and a rule changed in its app is followed
  here without a change;
* the app owns the full-text indexes (GIN, PostgreSQL only) on the other
  apps' tables, created by its own migrations, so the content apps need not
  know that they are searched, and the SQL of the index and of the query sit
  side by side here and cannot drift apart unnoticed
  (`tests/search/test_postgres.py` checks the planner uses them).

On PostgreSQL the search is full text (`backends.PostgresBackend`); on any
other database a simpler substring search (`backends.FallbackBackend`).
"""
