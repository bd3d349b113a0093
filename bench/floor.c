/*
 * floor.c - the benchmark floor: the cost of only reading a pcap with libpcap.
 *
 * Reads every packet with pcap_next_ex() and touches one byte of each (summed, so the
 * read cannot be optimised away), then prints packets, wire bytes and elapsed time. Vigie
 * has to read the same file the same way, so its throughput is compared against this.
 * It does nothing else on purpose: no decoding, no allocation per packet.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *h;
    const u_char *data;
    struct timespec t0, t1;
    uint64_t packets = 0, bytes = 0, sum = 0;
    double secs;
    pcap_t *pc;
    int rc;

    if (argc != 2) {
        fprintf(stderr, "usage: floor FILE.pcap\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pc = pcap_open_offline(argv[1], errbuf);
    if (!pc) {
        fprintf(stderr, "floor: %s: %s\n", argv[1], errbuf);
        return 1;
    }
    while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
        packets++;
        bytes += h->len;
        if (h->caplen)
            sum += data[h->caplen - 1];
    }
    if (rc == PCAP_ERROR)
        fprintf(stderr, "floor: %s: %s\n", argv[1], pcap_geterr(pc));
    pcap_close(pc);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("packets=%llu bytes=%llu seconds=%.6f pps=%.0f gbps=%.3f checksum=%llu\n",
            (unsigned long long)packets, (unsigned long long)bytes, secs,
            secs > 0 ? (double)packets / secs : 0.0,
            secs > 0 ? (double)bytes * 8 / secs / 1e9 : 0.0, (unsigned long long)sum);
    return rc == PCAP_ERROR ? 1 : 0;
}
