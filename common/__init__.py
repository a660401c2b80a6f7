"""What every app uses, below every domain app: authorisation, uploads, form
helpers, the public page cache, HTML sanitising, content translation, safe
spreadsheet cells, map-point generalisation, private file storage, the
partnership's vocabulary, and the event bus (`events`: services publish,
listeners in the apps above react after commit).

`common` imports Django and third-party libraries only, never `partnership`
or a domain app; where it needs a domain model it asks the app registry by
name (`apps.get_model`), so the import graph keeps pointing down.
"""
