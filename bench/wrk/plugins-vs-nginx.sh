#!/bin/bash
# nginx baseline + Gatehouse plain / key-auth+acl / key-auth+rate-limiting+request-transformer in one interleaved run
set -u
cd "$(dirname "$0")/../.."
../shared/bench/peers.sh start origin nginx
P=/tmp/plugins-vs-nginx-prefix; rm -rf $P
GATEHOUSE_PROXY_LISTEN=127.0.0.1:9850 GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9851 GATEHOUSE_STATUS_LISTEN=off \
  taskset -c 1 ./gatehouse start --prefix $P
A=localhost:9851
q() { curl -s -o /dev/null -w "%{http_code} " "$@"; }
q $A/services -d name=plain -d url=http://127.0.0.1:9000
q $A/services/plain/routes -d 'paths[]=/anything' -d strip_path=false
q $A/services -d name=authacl -d url=http://127.0.0.1:9000/anything
q $A/services/authacl/routes -d name=authacl -d 'paths[]=/authacl'
q $A/services -d name=plugged -d url=http://127.0.0.1:9000/anything
q $A/services/plugged/routes -d name=plugged -d 'paths[]=/plugged'
q $A/consumers -d username=bench; q $A/consumers/bench/key-auth -d key=bench-key; q $A/consumers/bench/acls -d group=bench
q $A/routes/authacl/plugins -d name=key-auth
q $A/routes/authacl/plugins -d name=acl -d 'config.allow[]=bench'
q $A/routes/plugged/plugins -d name=key-auth
q $A/routes/plugged/plugins -d name=rate-limiting -d config.minute=1000000000 -d config.policy=local
q $A/routes/plugged/plugins -d name=request-transformer -d 'config.add.headers=x-bench:1'
echo
sleep 1
curl -s -H 'apikey: bench-key' localhost:9850/authacl; curl -s -H 'apikey: bench-key' localhost:9850/plugged; echo
../shared/bench/run.sh -r 5 -d 10 -c 50 -H 'apikey: bench-key' --warmup-for gw=120 --warmup-for authacl=30 --warmup-for plugged=30 \
  --out /tmp/plugins-vs-nginx \
  nginx=http://127.0.0.1:9100/anything gw=http://127.0.0.1:9850/anything authacl=http://127.0.0.1:9850/authacl plugged=http://127.0.0.1:9850/plugged
./gatehouse stop --prefix $P
../shared/bench/peers.sh stop origin nginx
