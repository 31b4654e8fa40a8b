# zonewatch on the official Airflow image: the same pinned dependencies as `make install`
# (requirements.lock, which pins apache-airflow==3.3.2 itself), then this project without deps.
# The python3.11 variant of the 3.3.2 image because requirements.lock is compiled for Python 3.11.
FROM apache/airflow:3.3.2-python3.11

USER airflow
WORKDIR /opt/zonewatch

# Dependencies first so a code change does not reinstall them. The image already carries the Celery
# and Redis providers CeleryExecutor needs; the lock adds zonewatch's pins on top of them.
COPY --chown=airflow:0 requirements.lock /opt/zonewatch/requirements.lock
# apache-airflow named again in the same command so pip can never move the image's Airflow.
RUN pip install --no-cache-dir "apache-airflow==3.3.2" -r requirements.lock

COPY --chown=airflow:0 . /opt/zonewatch
# Editable so package data (migrations, templates, mirror content) is read from the source tree.
RUN pip install --no-cache-dir --no-deps -e /opt/zonewatch \
    && mkdir -p /opt/zonewatch/var /opt/zonewatch/shared

ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/zonewatch/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    ZONEWATCH_HOME=/opt/zonewatch/var
