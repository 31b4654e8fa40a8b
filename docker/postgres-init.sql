-- Runs once, when the postgres volume is first created (docker-entrypoint-initdb.d).
-- Airflow's metadata lives in the "airflow" database (POSTGRES_DB); zonewatch's data gets its own
-- database and role so the two can be backed up, restored and migrated independently.
CREATE ROLE zonewatch WITH LOGIN PASSWORD 'zonewatch';
CREATE DATABASE zonewatch OWNER zonewatch ENCODING 'UTF8' TEMPLATE template0;
