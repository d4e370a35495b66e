# One image recipe for every service: docker build --build-arg SERVICE=intake -f deploy/docker/service.Dockerfile .
# SERVICE=ops builds the kohtaamo command (compose's ops service).
FROM python:3.11-slim
ARG SERVICE
ENV SERVICE=${SERVICE} UV_PROJECT_ENVIRONMENT=/app/.venv PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY contracts contracts
COPY services services
COPY tools tools
RUN uv sync --frozen --no-dev --package kohtaamo-${SERVICE}
RUN useradd --system --uid 10001 kohtaamo \
 && install -d -o kohtaamo -g kohtaamo -m 0700 /var/lib/kohtaamo/keys
USER kohtaamo
CMD ["sh", "-c", "exec /app/.venv/bin/python -m kohtaamo.${SERVICE}"]
