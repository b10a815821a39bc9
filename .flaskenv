# Read by `flask` (python-dotenv) in the checkout: the development app, as `make run` serves it.
# Production names its app explicitly: `flask --app wsgi ...` with APP_ENV=production.
FLASK_APP=app
