# Kesos: the Streamlit app with its locked dependencies. Configure it with environment variables
# (DATABASE_URL, KESOS_COOKIE_KEY, KESOS_DEMO); see README.md, "Running on PostgreSQL".
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/kesos-venv \
    PATH="/opt/kesos-venv/bin:$PATH"

RUN pip install --no-cache-dir uv==0.13.9 \
    && useradd --create-home --uid 1000 kesos

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY app.py ./
COPY pages ./pages
COPY kesos ./kesos
COPY migrations ./migrations
COPY data ./data
COPY .streamlit/config.toml ./.streamlit/config.toml
RUN uv sync --frozen --no-dev && chown -R kesos /app/data

USER kesos
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true", \
     "--browser.gatherUsageStats=false"]
