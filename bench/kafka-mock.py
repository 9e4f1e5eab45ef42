#!/usr/bin/env python3
"""librdkafka's mock Kafka cluster (one broker, topic wca_metrics) for bench/run.sh's BENCH_STORAGE=kafka.

Prints the bootstrap address on stdout, then serves until killed. argv[1]: the librdkafka shared object
(make dist puts centos8-librdkafka.so next to dist/wca)."""
import ctypes
import signal
import sys

lib = ctypes.CDLL(sys.argv[1])
lib.rd_kafka_conf_new.restype = ctypes.c_void_p
lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
lib.rd_kafka_new.restype = ctypes.c_void_p
lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]
lib.rd_kafka_mock_topic_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
error = ctypes.create_string_buffer(512)
conf = lib.rd_kafka_conf_new()
# The owning handle never connects; librdkafka wants a bootstrap list, and its log lines are not wanted.
lib.rd_kafka_conf_set(conf, b"bootstrap.servers", b"127.0.0.1:1", error, 512)
lib.rd_kafka_conf_set(conf, b"log_level", b"0", error, 512)
owner = lib.rd_kafka_new(0, conf, error, 512)
cluster = lib.rd_kafka_mock_cluster_new(owner, 1)
lib.rd_kafka_mock_topic_create(cluster, b"wca_metrics", 1, 1)
print(lib.rd_kafka_mock_cluster_bootstraps(cluster).decode(), flush=True)
signal.sigwait([signal.SIGTERM, signal.SIGINT])
