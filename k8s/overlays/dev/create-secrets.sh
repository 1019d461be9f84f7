#!/usr/bin/env bash
# Creates the Secrets the dev overlay references, with random values generated here and sent
# straight to the cluster: nothing is written to the repository. Re-running keeps existing Secrets
# (delete one to rotate it). Usage: k8s/overlays/dev/create-secrets.sh [namespace]
set -euo pipefail
ns="${1:-peercode-dev}"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
random() { head -c 32 /dev/urandom | base64 | tr -d '/+=' | cut -c1-32; }
create() { # name key=value...
    local name="$1"; shift
    if kubectl -n "$ns" get secret "$name" >/dev/null 2>&1; then
        echo "secret/$name exists, kept"
    else
        local args=()
        for kv in "$@"; do args+=("--from-literal=$kv"); done
        kubectl -n "$ns" create secret generic "$name" "${args[@]}"
    fi
}
redis_password="$(random)"
create peercode-db username=peercode "password=$(random)"
create peercode-redis "password=$redis_password" "url=redis://:$redis_password@redis:6379"
create peercode-internal "token=$(random)"
create peercode-gateway "secret=$(random)"
create peercode-oidc "client-secret=$(random)"
create keycloak-admin "password=$(random)"
