# syntax=docker/dockerfile:1
# One image for every app; APP selects which one a container runs.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json .swcrc ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
COPY bench ./bench
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
ARG APP=gateway
ENV APP=${APP}
# Services with a database apply their schema's migrations first (an advisory lock serialises replicas).
CMD ["sh", "-c", "if [ -f dist/apps/$APP/src/migrate.js ]; then node dist/apps/$APP/src/migrate.js; fi && exec node --enable-source-maps dist/apps/$APP/src/main.js"]
