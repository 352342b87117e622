#!/usr/bin/env bash
# Draws the picture of every exercise page, docs/exercises/pictures/NN-name.png, from a real run of its exercise
# file: `lab run N --chart`, against the packaged jars started here, one exercise at a time. A picture is kept only
# when its run met every expectation (exit 0); a run that misses leaves the committed picture as it was.
#
#   ./mvnw -B -ntp -q package -DskipTests      # the three jars, once
#   docs/exercises/pictures/draw.sh            # every exercise the lab runs without Kafka (about 20 minutes)
#   docs/exercises/pictures/draw.sh 4 12       # some of them
#
# The compressible exercises run five times faster (`lab run N --speed 5`, drawn in the handout's time) against
# services started compressed the same way, the others (`compressible: false` in their file) at the handout's speed.
# The producer has the container's 100 MB heap (-Xmx100m). With pngquant installed, each picture is stored with a
# palette of 256 colours (25-56 KB instead of 85-190 KB). A Prometheus of its own (Debian's) scrapes both five
# times as often, so that expectations with a PromQL query are measured. The Kafka lane's exercises (a step with
# {transport: kafka}) need a broker, which this script does not start: given one, KAFKA_BOOTSTRAP=host:port, they run
# last, at the handout's speed, against services started with the Kafka lane as docs/running.md starts them;
# without it they are left out.
#
# Ports: PRODUCER_PORT (18000), CONSUMER_PORT (18001), PROMETHEUS_PORT (18090). Nothing else may listen there.
set -euo pipefail
cd "$(dirname "$0")/../../.."

PRODUCER_PORT=${PRODUCER_PORT:-18000}
CONSUMER_PORT=${CONSUMER_PORT:-18001}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-18090}
SPEED=5
PICTURES=docs/exercises/pictures
WORK=$(mktemp -d)
PIDS=()

for jar in producer/target/producer.jar consumer/target/consumer.jar lab/target/lab.jar; do
  [ -f "$jar" ] || { echo "$jar is missing: ./mvnw -B -ntp -q package -DskipTests first" >&2; exit 2; }
done

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT

# The handout's default of every time and rate the services start with, divided (times) or multiplied (rates) by
# the speed, as lab-tests' CompressedStart and the lab's TimeScale scale them, so that the reset before each run
# returns to the handout's lab, five times faster. At speed 1 the services keep their own defaults.
compressed_consumer() {
  echo --lab.consumer.processing-time-ms=$((100 / SPEED)) --lab.consumer.processing-min-ms=$((50 / SPEED)) \
    --lab.consumer.processing-max-ms=$((500 / SPEED)) --lab.consumer.failure-timeout-ms=$((35000 / SPEED))
}
compressed_producer() {
  local p=--lab.producer
  echo $p.production-rate=$((10 * SPEED)) $p.modes.rate-limited.rate-limit=$((10 * SPEED)) \
    $p.modes.token-bucket.refill-per-second=$((10 * SPEED)) $p.modes.block.block-timeout-ms=$((5000 / SPEED)) \
    $p.modes.deadline.deadline-ms=$((2000 / SPEED)) $p.modes.adaptive.target-wait-ms=$((200 / SPEED)) \
    $p.modes.codel.codel-target-ms=$((500 / SPEED)) $p.modes.codel.codel-interval-ms=$((10000 / SPEED)) \
    $p.take-orders.adaptive-lifo.lifo-after-ms=$((500 / SPEED)) $p.arrivals.bursty.burst-on-ms=$((1000 / SPEED)) \
    $p.arrivals.bursty.burst-off-ms=$((4000 / SPEED)) $p.delivery.breaker-window-s=$((10 / SPEED)) \
    $p.delivery.breaker-slow-call-ms=$((2000 / SPEED)) $p.delivery.breaker-open-ms=$((5000 / SPEED)) \
    $p.delivery.batch-rtt-target-ms=$((1000 / SPEED)) $p.delivery.attempt-timeout-ms=$((30000 / SPEED)) \
    $p.delivery.throttle-window-ms=$((10000 / SPEED)) $p.delivery.limits.aimd.aimd-timeout-ms=$((1000 / SPEED)) \
    $p.delivery.backoff.initial=$((100 / SPEED))ms $p.delivery.backoff.max=$((5000 / SPEED))ms
}

ready() {
  curl -sf "http://localhost:$1/actuator/health/readiness" >/dev/null 2>&1
}

await_ready() {
  for _ in $(seq 1 120); do
    ready "$1" && return 0
    sleep 1
  done
  echo "nothing ready on port $1 after 120 s; its log: $WORK/$2.log" >&2
  exit 2
}

# Both services (and Prometheus) at the speed given, with the settings given to both (the Kafka lane's), warmed
# up: a fresh JVM delivers slowly until the JIT has compiled the path, and the balanced baseline would fall behind
# for good.
start_lab() {
  local speed=$1 consumer_args="${2:-}" producer_args="${2:-}"
  stop_all
  if [ "$speed" -gt 1 ]; then
    consumer_args="$consumer_args $(compressed_consumer)"
    producer_args="$producer_args $(compressed_producer)"
  fi
  # shellcheck disable=SC2086 # the settings are words
  java -jar consumer/target/consumer.jar --server.port="$CONSUMER_PORT" $consumer_args >"$WORK/consumer.log" 2>&1 &
  PIDS+=($!)
  await_ready "$CONSUMER_PORT" consumer
  # shellcheck disable=SC2086
  java -XX:+ExitOnOutOfMemoryError -Xmx100m -jar producer/target/producer.jar --server.port="$PRODUCER_PORT" \
    --lab.producer.consumer-url="http://localhost:$CONSUMER_PORT" $producer_args >"$WORK/producer.log" 2>&1 &
  PIDS+=($!)
  await_ready "$PRODUCER_PORT" producer
  mkdir -p "$WORK/prometheus-$speed"
  sed -e "s/producer:8000/localhost:$PRODUCER_PORT/" -e "s/consumer:8001/localhost:$CONSUMER_PORT/" \
    -e "s/localhost:9090/localhost:$PROMETHEUS_PORT/" -e "s/_interval: 5s/_interval: $((5000 / speed))ms/" \
    prometheus/prometheus.yml >"$WORK/prometheus-$speed/prometheus.yml"
  cp prometheus/alerts.yml "$WORK/prometheus-$speed/"
  prometheus --config.file="$WORK/prometheus-$speed/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-$speed/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$WORK/prometheus.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    [ "$(curl -s "http://localhost:$PRODUCER_PORT/status" | jq '.totals.sent // 0')" -ge $((100 * speed)) ] && return 0
    sleep 1
  done
  echo "the producer did not warm up: $WORK/producer.log" >&2
  exit 2
}

# A chart's few colours fit a palette of 256: pngquant (Debian's package) makes the file about a third as large.
keep() {
  if command -v pngquant >/dev/null; then
    pngquant --force --quality=70-95 --speed 1 --output "$2" -- "$1"
  else
    mv "$1" "$2"
  fi
}

# lab run N at the speed given, its picture kept only if every expectation was met; the lab (re)started with the
# settings given if it is not up.
run() {
  local file=$1 speed=$2 settings=${3:-} name log started
  name=$(basename "$file" .yaml)
  log="$WORK/$name.log"
  ready "$PRODUCER_PORT" && ready "$CONSUMER_PORT" || start_lab "$speed" "$settings"
  started=$(date +%s)
  if java -jar lab/target/lab.jar run "$((10#${name%%-*}))" --speed "$speed" --producer "http://localhost:$PRODUCER_PORT" \
      --consumer "http://localhost:$CONSUMER_PORT" --prometheus "http://localhost:$PROMETHEUS_PORT" \
      --chart "$WORK/$name.png" >"$log" 2>&1; then
    keep "$WORK/$name.png" "$PICTURES/$name.png"
    echo "$name (speed $speed, $(($(date +%s) - started)) s): $(grep -E '[0-9]+ met, [0-9]+ missed' "$log")"
  else
    echo "$name (speed $speed, exit $?, picture not kept): $(grep -E '[0-9]+ met, [0-9]+ missed' "$log" || tail -n 3 "$log")"
    grep -E '^\s*(MISS|SKIP)' "$log" || true
  fi
}

wanted() {
  [ $# -eq 1 ] && return 0
  local number=$((10#$(basename "$1" | cut -d- -f1))) n
  for n in "${@:2}"; do [ "$number" -eq "$((10#$n))" ] && return 0; done
  return 1
}

# The Kafka lane's exercises send through a broker ({transport: kafka} in a step).
compressible=() real_time=() on_kafka=()
for file in exercises/[0-9]*-*.yaml; do
  wanted "$file" "$@" || continue
  if grep -q 'transport: kafka' "$file"; then
    if [ -n "${KAFKA_BOOTSTRAP:-}" ]; then on_kafka+=("$file"); else
      echo "$(basename "$file" .yaml): skipped, it needs a Kafka broker (KAFKA_BOOTSTRAP=host:port)"
    fi
  elif grep -q '^compressible: false' "$file"; then real_time+=("$file"); else compressible+=("$file"); fi
done

began=$(date +%s)
if [ ${#compressible[@]} -gt 0 ]; then
  start_lab "$SPEED"
  for file in "${compressible[@]}"; do run "$file" "$SPEED"; done
fi
if [ ${#real_time[@]} -gt 0 ]; then
  start_lab 1
  for file in "${real_time[@]}"; do run "$file" 1; done
fi
if [ ${#on_kafka[@]} -gt 0 ]; then
  kafka_lane="--spring.profiles.active=kafka --spring.kafka.bootstrap-servers=$KAFKA_BOOTSTRAP"
  start_lab 1 "$kafka_lane"
  for file in "${on_kafka[@]}"; do run "$file" 1 "$kafka_lane"; done
fi
echo "all runs: $(($(date +%s) - began)) s"
