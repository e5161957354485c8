# syntax=docker/dockerfile:1.7
# Production image for MentalSpace EHR: the API bundle, the built web app and production
# dependencies only, run as the unprivileged `node` user (uid 1000, which the ECS task requires).
# Built by .github/workflows/deploy.yml; there is no Docker engine on the development machines,
# so infra/test/container.test.ts checks this file's rules instead.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- build: every workspace's dependencies, then the web app and the API bundle --------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY infra/package.json infra/
RUN npm ci --no-fund --no-audit
COPY . .
RUN npm run build

# ---- runtime: production dependencies of the API and its workspace packages only -------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/rds-global-bundle.pem
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
COPY infra/package.json infra/
RUN npm ci --omit=dev --no-fund --no-audit --workspace apps/api \
    && npm cache clean --force
# The API connects to RDS with sslmode=verify-full: trust Amazon's RDS certificate authorities.
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/web/dist apps/web/dist
COPY --from=build /app/packages/db/migrations packages/db/migrations
COPY --from=build /app/apps/api/src/security/password/common-passwords.txt apps/api/src/security/password/
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/v1/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/server.js"]
