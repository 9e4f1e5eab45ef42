#!/usr/bin/env bash
# Installs what building and testing wca needs on a fresh Debian 12 machine (idempotent).
set -euo pipefail
need=()
command -v stress-ng >/dev/null || need+=(stress-ng)
command -v promtool >/dev/null || need+=(prometheus)
command -v prometheus-node-exporter >/dev/null || [ -x /usr/bin/prometheus-node-exporter ] || need+=(prometheus-node-exporter)
command -v make >/dev/null || need+=(make)
command -v cc >/dev/null || need+=(gcc)
# Native AOT links with clang (make dist).
command -v clang >/dev/null || need+=(clang)
# The Kafka storage tests read the mock cluster back with kcat.
command -v kcat >/dev/null || need+=(kcat)
# Packaging tests: lintian on the .deb, systemd-analyze verify on the unit, kubectl kustomize on the manifests.
command -v lintian >/dev/null || need+=(lintian)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v kubectl >/dev/null || need+=(kubernetes-client)
# The database tests start Debian's etcd and ZooKeeper (on the JRE) from their binaries; ZookeeperDatabase P/Invokes the C client.
[ -x /usr/bin/etcd ] || need+=(etcd-server)
[ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)
[ -f /usr/lib/x86_64-linux-gnu/libzookeeper_mt.so.2 ] || [ -f /usr/lib/aarch64-linux-gnu/libzookeeper_mt.so.2 ] || need+=(libzookeeper-mt2)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "install-deps: need root to apt-get install ${need[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The Debian services would bind :9090/:9100 and are not ours to run.
  for svc in prometheus prometheus-node-exporter; do
    systemctl disable --now "$svc" >/dev/null 2>&1 || true
  done
  # The database tests start their own etcd and ZooKeeper on free ports; the Debian services are not ours to run.
  for svc in etcd zookeeper; do systemctl disable --now "$svc" >/dev/null 2>&1 || true; done
fi
command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
