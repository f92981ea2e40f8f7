#!/usr/bin/env bash
# Runs ON the EC2 host (sent by .github/workflows/cd.yml through SSM Run Command),
# from the deploy directory that holds the docker-compose.yml of the release.
#
# Host prerequisites (once, e.g. in the launch template's user data):
#   Docker Engine with the compose plugin, the AWS CLI, curl, and an instance role
#   allowed to pull from ECR (AmazonEC2ContainerRegistryReadOnly), to read the
#   SecureString parameter ENV_PARAMETER, and to be managed by SSM
#   (AmazonSSMManagedInstanceCore). TLS certificates in TLS_CERT_DIR of that .env.
#
# Inputs (environment): AWS_REGION, REGISTRY (ECR host), API_IMAGE, WEB_IMAGE,
# IMAGE_TAG, ENV_PARAMETER (name of the SSM parameter holding the production .env).
set -euo pipefail

: "${AWS_REGION:?}" "${REGISTRY:?}" "${API_IMAGE:?}" "${WEB_IMAGE:?}" "${IMAGE_TAG:?}" "${ENV_PARAMETER:?}"
export API_IMAGE WEB_IMAGE IMAGE_TAG # shell values win over .env in compose

echo "deploy: writing .env from SSM parameter $ENV_PARAMETER"
umask 077
aws ssm get-parameter --region "$AWS_REGION" --name "$ENV_PARAMETER" --with-decryption \
  --query Parameter.Value --output text >.env.next
mv .env.next .env

echo "deploy: pulling $API_IMAGE:$IMAGE_TAG and $WEB_IMAGE:$IMAGE_TAG"
aws ecr get-login-password --region "$AWS_REGION" |
  docker login --username AWS --password-stdin "$REGISTRY"
docker compose pull --quiet

# Migrations run first (the `migrate` one-shot, via depends_on); then both API
# replicas are recreated together: the edge answers 503 JSON for those seconds.
# Zero-downtime releases need a second stack behind a load balancer (not done here).
echo "deploy: starting the stack"
docker compose up -d --no-build --remove-orphans

https_port="$(sed -n 's/^HTTPS_PORT=//p' .env | tail -n 1)"
for attempt in $(seq 1 60); do
  if curl -fsk -o /dev/null "https://127.0.0.1:${https_port:-443}/health/"; then
    echo "deploy: $IMAGE_TAG is healthy (attempt $attempt)"
    docker image prune -f >/dev/null
    exit 0
  fi
  sleep 5
done
echo "deploy: the stack did not become healthy in 5 minutes" >&2
docker compose ps >&2
docker compose logs --tail 50 api migrate nginx >&2
exit 1
