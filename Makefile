# wca-dotnet: `make run` (agent on the embedded default) and `make test` (everything) work on a fresh
# Debian 12 machine with the .NET 10 SDK.
DOTNET ?= dotnet
CONFIG ?= configs/default.yaml
CONFIGURATION ?= Release
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--root,)

.PHONY: all build run test deps dist bench clean

all: build

deps:
	bash scripts/install-deps.sh

build:
	$(DOTNET) build Wca.slnx -c $(CONFIGURATION) -nologo -v q

run: build
	$(DOTNET) src/Wca/bin/$(CONFIGURATION)/net10.0/wca.dll -c $(CONFIG) $(ROOT_FLAG)

test: deps
	$(DOTNET) test Wca.slnx -c $(CONFIGURATION) --nologo --blame-hang-timeout 5m

# dist/wca: Native AOT (no JIT; ~14 MB resident at 1000 tasks, ~5 ms to the first log line), no plugin loading.
# dist/wca-jit: the single-file JIT build that loads --register plugins; dist/wca hands such command lines to it.
# dist/Wca.Examples.dll: the example plugin next to them, so the original's bundled names
# (-r example.external_package:ExampleDetector, ...) load as written.
dist:
	$(DOTNET) publish src/Wca/Wca.csproj -c Release -r linux-x64 -p:PublishAot=true -o dist/aot -nologo
	$(DOTNET) publish src/Wca/Wca.csproj -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -o dist/jit -nologo
	$(DOTNET) build examples/Wca.Examples/Wca.Examples.csproj -c Release -o dist/examples -nologo -v q
	cp dist/aot/wca dist/wca
	cp dist/jit/wca dist/wca-jit
	# librdkafka for KafkaStorage (both builds look next to themselves; Debian needs the self-contained centos8 one).
	cp dist/aot/librdkafka.so dist/aot/centos8-librdkafka.so dist/
	cp dist/examples/Wca.Examples.dll dist/examples/Wca.Examples.deps.json dist/

bench: deps
	bash bench/run.sh

clean:
	rm -rf dist bench/out
	$(DOTNET) clean Wca.slnx -nologo -v q
