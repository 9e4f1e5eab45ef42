# wca-dotnet: `make run` (agent on the embedded default) and `make test` (everything) work on a fresh
# Debian 12 machine with the .NET 10 SDK.
DOTNET ?= dotnet
CONFIG ?= configs/default.yaml
CONFIGURATION ?= Release
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--root,)

.PHONY: all build run test deps dist bench clean install deb

# The wrapper's built-in parsers (src/Wca.Wrapper/Parsers/BuiltInWorkloadParsers.cs): one launcher each in dist/.
WRAPPER_PARSERS := default example_workload specjbb ycsb cassandra_stress mutilate rpc_perf stress_ng \
	tensorflow_benchmark_training tensorflow_benchmark_prediction

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
	# dist/wca-wrapper: the workload wrapper (Native AOT, one file next to wca; it finds librdkafka next to itself too)
	# and the original's launcher names as small scripts (wrapper, specjbb_wrapper, ... each also as NAME.pex, the
	# name the shipped jobs call): a script passes --parser NAME whatever argv[0] the runtime reports for a symlink.
	$(DOTNET) publish src/Wca.Wrapper/Wca.Wrapper.csproj -c Release -r linux-x64 -p:PublishAot=true -o dist/wrapper-aot -nologo
	cp dist/wrapper-aot/wca-wrapper dist/wca-wrapper
	for parser in $(WRAPPER_PARSERS); do \
		launcher=$$( [ $$parser = default ] && echo wrapper || echo $${parser}_wrapper ); \
		printf '#!/bin/sh\n# The original %s.pex: wca-wrapper with the %s parser.\nexec "$$(dirname "$$(readlink -f "$$0")")/wca-wrapper" --parser %s "$$@"\n' \
			$$launcher $$parser $$parser > dist/$$launcher; \
		chmod 755 dist/$$launcher; ln -sf $$launcher dist/$$launcher.pex; \
	done

# make install: dist/ onto this host (DESTDIR for staging): the binaries in /usr/lib/wca with /usr/bin links, the unit,
# the packaged config (kept when present) and /etc/default/wca; then the wca user and /var/lib/wca as the package does.
PREFIX ?= /usr
install:
	test -x dist/wca || { echo "make install: run make dist first" >&2; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/lib/wca $(DESTDIR)$(PREFIX)/bin $(DESTDIR)/lib/systemd/system $(DESTDIR)/etc/wca $(DESTDIR)/etc/default
	for f in wca wca-jit wca-wrapper; do [ ! -e dist/$$f ] || { install -m 0755 dist/$$f $(DESTDIR)$(PREFIX)/lib/wca/$$f; ln -sf ../lib/wca/$$f $(DESTDIR)$(PREFIX)/bin/$$f; }; done
	for f in librdkafka.so centos8-librdkafka.so; do [ ! -e dist/$$f ] || install -m 0644 dist/$$f $(DESTDIR)$(PREFIX)/lib/wca/$$f; done
	install -m 0644 packaging/systemd/wca.service $(DESTDIR)/lib/systemd/system/wca.service
	[ -e $(DESTDIR)/etc/wca/wca_config.yml ] || install -m 0644 packaging/etc/wca_config.yml $(DESTDIR)/etc/wca/wca_config.yml
	[ -e $(DESTDIR)/etc/default/wca ] || install -m 0644 packaging/etc/default-wca $(DESTDIR)/etc/default/wca
	if [ -z "$(DESTDIR)" ]; then \
		getent group wca >/dev/null || groupadd --system wca; \
		getent passwd wca >/dev/null || useradd --system --gid wca --home-dir /var/lib/wca --no-create-home --shell /usr/sbin/nologin wca; \
		install -d -o wca -g wca -m 0750 /var/lib/wca; \
		! [ -d /run/systemd/system ] || systemctl daemon-reload; \
	fi

# make deb: dist/wca_<version>_amd64.deb from dist/ (dpkg-deb, no network); see packaging/debian/build-deb.sh.
deb:
	test -x dist/wca || { echo "make deb: run make dist first" >&2; exit 1; }
	bash packaging/debian/build-deb.sh dist dist

bench: deps
	bash bench/run.sh

clean:
	rm -rf dist bench/out
	$(DOTNET) clean Wca.slnx -nologo -v q
