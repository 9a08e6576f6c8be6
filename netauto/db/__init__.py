"""The operations log: typed models, engines and sessions, migrations."""
