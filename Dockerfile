# ClinicPro gateway image: `docker build -t clinicpro-gateway .`, then run it with the
# environment of CONFIG.md (NODE_ENV=production needs ALEX credentials, API keys and a mobile
# token secret; STORE=redis with REDIS_URL for more than one container). docs/DEPLOY.md.

# --- build: all dependencies, TypeScript compiled to dist/ ---
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsc also copies the JSON files under src/ (dictionaries, capabilities) into dist/.
RUN npm run build

# --- runtime: production dependencies, compiled code, static pages; runs as `node` ---
FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The phone upload page and the demo, served by the gateway (found next to dist/).
COPY public ./public
# The Scan caption's font (Noto Sans, OFL): the slim image has no system fonts.
COPY assets ./assets
USER node
EXPOSE 3000
# node, not curl: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Node is PID 1 and handles SIGTERM itself (src/lifecycle.ts): it drains for up to 8 s, so give
# `docker stop` more than that: `docker stop -t 12`, or stop_grace_period: 12s in compose.
CMD ["node", "--enable-source-maps", "dist/server.js"]
