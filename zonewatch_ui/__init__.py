"""Zone pages for the Airflow UI (an Airflow 3 plugin serving a read-only FastAPI app)."""
