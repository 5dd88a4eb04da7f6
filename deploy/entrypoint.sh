#!/bin/sh
# Picks the role and, in a cluster, advertises this container's own address to the other silos.
set -e
role="${1:-gateway}"
if [ -n "${Redis:-}" ] && [ -z "${Cluster__AdvertisedAddress:-}" ]; then
  Cluster__AdvertisedAddress="$(hostname -i | awk '{print $1}')"
  export Cluster__AdvertisedAddress
fi
case "$role" in
  gateway) exec dotnet /app/gateway/GoRtc.Gateway.dll ;;
  silo) exec dotnet /app/silo/GoRtc.Silo.dll ;;
  *) echo "unknown role: $role (gateway|silo)" >&2; exit 2 ;;
esac
