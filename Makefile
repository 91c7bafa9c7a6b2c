# Two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Debug
HOST := src/Host/bin/$(CONFIGURATION)/net10.0/metricstream.dll

.PHONY: run test build deps deps-test bench kafka-dev clean

## run: install what is missing, build, start the whole pipeline on the embedded default
run: deps build
	$(DOTNET) $(HOST) up --demo

## test: install what is missing, build with warnings as errors, run every test suite
test: deps-test build
	CONFIGURATION=$(CONFIGURATION) scripts/test.sh

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
