# Two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Debug
HOST := src/Host/bin/$(CONFIGURATION)/net10.0/metricstream.dll

.PHONY: run test build deps deps-test bench kafka-dev clean compose-config test-external test-compose compose-image soak

## run: install what is missing, build, start the whole pipeline on the embedded default
run: deps build
	$(DOTNET) $(HOST) up --demo

## test: install what is missing, build with warnings as errors, validate docker-compose.yml, run every test suite,
## then the suite that targets external servers against servers started by hand
test: deps-test build compose-config
	CONFIGURATION=$(CONFIGURATION) scripts/test.sh
	CONFIGURATION=$(CONFIGURATION) deploy/test-external.sh

## compose-config: docker-compose.yml is valid (Debian's docker-compose; needs no Docker engine)
compose-config:
	docker-compose -f docker-compose.yml config -q

## test-external: the integration tests of external servers (METRICSTREAM_TEST_*) against kafka-dev, registry, influxd started here
test-external: deps-test build
	CONFIGURATION=$(CONFIGURATION) deploy/test-external.sh

## compose-image: publish metricstream self-contained for linux-x64 into artifacts/docker (what deploy/metricstream/Dockerfile copies)
compose-image:
	$(DOTNET) publish src/Host/MetricStream.Host.csproj -c Release -r linux-x64 --self-contained -nologo -v quiet -o artifacts/docker/metricstream

## test-compose: where a Docker engine exists: bring docker-compose.yml up and run the integration suites against it
test-compose: deps-test build compose-image
	CONFIGURATION=$(CONFIGURATION) deploy/test-compose.sh

DURATION ?= 10m
## soak: the full pipeline under a steady load for DURATION (e.g. make soak DURATION=10m): RSS and GC per minute, then the ledger check
soak: deps build
	scripts/soak.sh $(DURATION)

build:
	$(DOTNET) build MetricStream.Dataflow.sln -c $(CONFIGURATION) -warnaserror -nologo -v quiet -clp:NoSummary

deps:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

## bench: micro benchmarks (BenchmarkDotNet), figures printed side by side
bench: deps
	@command -v wrk >/dev/null || (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(DOTNET) run -c Release --project bench/MetricStream.Bench -- --filter '*' --join

## kafka-dev: only the embedded broker, bootstrap servers written to .metricstream/bootstrap
kafka-dev: deps build
	mkdir -p .metricstream && $(DOTNET) $(HOST) kafka-dev --bootstrap-file .metricstream/bootstrap

clean:
	$(DOTNET) clean MetricStream.Dataflow.sln -nologo -v quiet
	rm -rf .feed .metricstream
