/*
 * tcp-session.c - the TCP session state machine (tcp-session.h).
 *
 * Follows the structure of Suricata's stream engine: a session starts on a SYN (or, with
 * stream.midstream, on a SYN/ACK or an ACK; with stream.async-oneside the handshake may be
 * seen from one side only); each state has a handler that checks the packet against what
 * both peers sent so far and either accepts it (window, ack, timestamps and next_seq move
 * on, its payload goes to the sender's reassembly) or rejects it with a stream.* event.
 *
 * Conventions. peer[d] is the host sending packets of flow direction d; ssn->cdir is the
 * client's direction (the SYN's sender). A peer's next_seq counts its FIN (the FIN takes
 * one sequence number), so the ACK of a FIN equals next_seq. A peer's last_ack is the
 * highest ACK the other host sent for its data; next_win = last_ack + the other host's
 * window is the highest sequence it may send. Checks tolerate what Suricata tolerates
 * (keep-alives, retransmissions in the closing states, midstream sessions whose windows
 * are unknown).
 */
#include "stream/tcp-session.h"

#include <stdlib.h>
#include <string.h>

#include "flow/flow.h"
#include "util/compiler.h"

#define TCP_WSCALE_MAX 14
/* PAWS: timestamps older than 24 days are not compared (RFC 7323). */
#define PAWS_24DAYS_USEC (24ull * 86400 * 1000000)

/* ---- small helpers ---- */

void tcp_set_event(struct tcp_tracker *tt, struct packet *p, enum pkt_event e)
{
    if ((unsigned)e >= PKT_EVENT_MAX)
        return;
    if (p->event_cnt < PKT_EVENTS_MAX) {
        p->events[p->event_cnt++] = (uint16_t)e;
        tt->cnt.events[e]++;
    } else {
        p->flags |= PKT_F_EVENTS_OVERFLOW;
    }
}

uint64_t tcp_peer_fin_off(const struct tcp_peer *peer)
{
    if (!(peer->flags & TCP_PEER_F_FIN))
        return UINT64_MAX;
    return reasm_seq_to_off(&peer->rd, peer->fin_seq);
}

static uint8_t flow_state_of(uint8_t s)
{
    switch (s) {
    case FLOW_TCP_ESTABLISHED:
    case FLOW_TCP_FIN_WAIT1:
    case FLOW_TCP_FIN_WAIT2:
    case FLOW_TCP_CLOSING:
    case FLOW_TCP_CLOSE_WAIT:
        return FLOW_STATE_ESTABLISHED;
    case FLOW_TCP_LAST_ACK:
    case FLOW_TCP_TIME_WAIT:
    case FLOW_TCP_CLOSED:
        return FLOW_STATE_CLOSED;
    default:
        return FLOW_STATE_NEW;
    }
}

static void set_state(struct flow *f, struct tcp_session *ssn, uint8_t s)
{
    if (ssn->state == s)
        return;
    ssn->prev_state = ssn->state;
    ssn->state = s;
    f->tcp_state = s;
    /* As Suricata's FlowUpdateState: SYN_SENT / SYN_RECV leave the flow state alone. */
    if (s != FLOW_TCP_SYN_SENT && s != FLOW_TCP_SYN_RECV)
        f->state = flow_state_of(s);
}

/* Overlap policy of the host receiving data sent to addr (host-os-policy). */
static uint8_t policy_for(const struct stream_config *cfg, const struct vg_addr *addr)
{
    for (size_t i = 0; i < cfg->n_policies; i++) {
        const struct stream_policy_range *r = &cfg->policies[i];
        uint8_t bits = r->prefix;
        size_t j = 0;
        bool match = true;

        for (; bits >= 8 && j < 16; bits = (uint8_t)(bits - 8), j++) {
            if (r->addr.b[j] != addr->b[j]) {
                match = false;
                break;
            }
        }
        if (match && bits > 0 && j < 16) {
            uint8_t mask = (uint8_t)(0xff << (8 - bits));
            match = (r->addr.b[j] & mask) == (addr->b[j] & mask);
        }
        if (match)
            return r->policy;
    }
    return cfg->default_policy;
}

/* Starts reassembly of peer's bytes: isn is the sequence number before the first byte. The
 * policy is the one of the host the bytes are sent to. */
static void peer_start(const struct tcp_tracker *tt, struct tcp_peer *peer, uint32_t isn,
        const struct vg_addr *dst)
{
    peer->isn = isn;
    peer->next_seq = isn + 1;
    reasm_dir_init(&peer->rd, isn, tt->cfg->reassembly_depth, policy_for(tt->cfg, dst));
}

/* Records the options of a SYN or SYN/ACK sent by peer. */
static void peer_syn_options(struct tcp_peer *peer, const struct packet *p)
{
    peer->flags &= (uint16_t) ~(
            TCP_PEER_F_TS | TCP_PEER_F_WSCALE | TCP_PEER_F_SACKOK | TCP_PEER_F_ZERO_TS);
    if (p->tcp.has_ts) {
        peer->flags |= TCP_PEER_F_TS;
        peer->last_ts = p->tcp.ts_val;
        peer->last_pkt_usec = p->ts_usec;
        if (p->tcp.ts_val == 0)
            peer->flags |= TCP_PEER_F_ZERO_TS;
    }
    if (p->tcp.has_wscale) {
        peer->flags |= TCP_PEER_F_WSCALE;
        peer->wscale = p->tcp.wscale > TCP_WSCALE_MAX ? TCP_WSCALE_MAX : p->tcp.wscale;
    } else {
        peer->wscale = 0;
    }
    if (p->tcp.has_sackok)
        peer->flags |= TCP_PEER_F_SACKOK;
    peer->window = p->tcp.win; /* never scaled in a SYN */
}

/* The SYN/ACK decides which options both peers use. */
static void negotiate_options(struct tcp_session *ssn, struct tcp_peer *cli, struct tcp_peer *srv)
{
    if ((cli->flags & TCP_PEER_F_TS) && (srv->flags & TCP_PEER_F_TS))
        ssn->flags |= TCP_SSN_F_TIMESTAMP;
    else
        ssn->flags &= (uint16_t)~TCP_SSN_F_TIMESTAMP;
    if ((cli->flags & TCP_PEER_F_WSCALE) && (srv->flags & TCP_PEER_F_WSCALE)) {
        ssn->flags |= TCP_SSN_F_WSCALE;
    } else {
        ssn->flags &= (uint16_t)~TCP_SSN_F_WSCALE;
        cli->wscale = srv->wscale = 0;
    }
    if ((cli->flags & TCP_PEER_F_SACKOK) && (srv->flags & TCP_PEER_F_SACKOK))
        ssn->flags |= TCP_SSN_F_SACKOK;
}

static struct tcp_session *ssn_alloc(struct tcp_tracker *tt, struct flow *f)
{
    struct tcp_session *ssn;

    if (tt->ssn_memuse + sizeof(*ssn) > tt->ssn_memcap) {
        tt->cnt.ssn_memcap_drop++;
        return NULL;
    }
    ssn = calloc(1, sizeof(*ssn));
    if (ssn == NULL) {
        tt->cnt.ssn_memcap_drop++;
        return NULL;
    }
    tt->ssn_memuse += sizeof(*ssn);
    tt->cnt.sessions++;
    tt->cnt.active++;
    f->tcp_ssn = ssn;
    f->flags |= FLOW_F_TCP_SESSION;
    return ssn;
}

void tcp_session_free(struct tcp_tracker *tt, struct flow *f)
{
    struct tcp_session *ssn = f->tcp_ssn;

    if (ssn == NULL)
        return;
    reasm_dir_free(tt->rt, &ssn->peer[0].rd);
    reasm_dir_free(tt->rt, &ssn->peer[1].rd);
    free(ssn);
    f->tcp_ssn = NULL;
    tt->ssn_memuse -= sizeof(*ssn);
    tt->cnt.active--;
}

/* ---- per-packet checks ---- */

/* PAWS (RFC 7323) as Suricata applies it, with the receiver's OS policy. */
static bool ts_valid(struct tcp_tracker *tt, const struct tcp_session *ssn,
        const struct tcp_peer *snd, const struct tcp_peer *rcv, struct packet *p)
{
    uint32_t ts, last_ts = snd->last_ts;
    uint64_t last_usec = snd->last_pkt_usec;
    bool check = true;
    int32_t diff;

    if (!(ssn->flags & TCP_SSN_F_TIMESTAMP) || !p->tcp.has_ts)
        return true;
    ts = p->tcp.ts_val;
    if (snd->flags & TCP_PEER_F_ZERO_TS) {
        switch (rcv->rd.policy) {
        case STREAM_POLICY_LINUX:
        case STREAM_POLICY_WINDOWS2K3:
            last_ts = 0;
            check = false;
            break;
        case STREAM_POLICY_OLD_LINUX:
        case STREAM_POLICY_WINDOWS:
        case STREAM_POLICY_VISTA:
            if (SEQ_EQ(snd->next_seq, p->tcp.seq))
                check = false;
            break;
        default:
            break;
        }
    }
    if (rcv->rd.policy == STREAM_POLICY_HPUX11 && !SEQ_EQ(snd->next_seq, p->tcp.seq))
        check = false;
    if (ts == 0) {
        switch (rcv->rd.policy) {
        case STREAM_POLICY_OLD_LINUX:
        case STREAM_POLICY_WINDOWS:
        case STREAM_POLICY_WINDOWS2K3:
        case STREAM_POLICY_VISTA:
        case STREAM_POLICY_SOLARIS:
            break;
        default:
            goto invalid;
        }
    }
    if (!check)
        return true;
    diff = (int32_t)(ts - last_ts);
    if (rcv->rd.policy == STREAM_POLICY_LINUX)
        diff += 1; /* Linux accepts a timestamp off by one */
    if (last_usec == 0 && (ssn->flags & TCP_SSN_F_MIDSTREAM))
        last_usec = p->ts_usec;
    if (diff >= 0 && !(snd->last_ts != 0 && p->ts_usec > last_usec + PAWS_24DAYS_USEC))
        return true;
    /* An old timestamp is acceptable on the expected segment once PAWS timed out. */
    if (SEQ_EQ(snd->next_seq, p->tcp.seq) && p->ts_usec > last_usec + PAWS_24DAYS_USEC)
        return true;
invalid:
    tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_INVALID_TIMESTAMP);
    return false;
}

static void ts_update(const struct tcp_session *ssn, struct tcp_peer *snd, const struct packet *p)
{
    if (!(ssn->flags & TCP_SSN_F_TIMESTAMP) || !p->tcp.has_ts)
        return;
    if ((int32_t)(p->tcp.ts_val - snd->last_ts) >= 0 || snd->last_ts == 0) {
        snd->last_ts = p->tcp.ts_val;
        snd->last_pkt_usec = p->ts_usec;
        if (p->tcp.ts_val != 0)
            snd->flags &= (uint16_t)~TCP_PEER_F_ZERO_TS;
    }
}

/* p's ACK of acked's data: older ACKs are fine; beyond what acked may have sent is not. */
static bool ack_valid(struct tcp_tracker *tt, const struct tcp_session *ssn,
        const struct tcp_peer *acked, struct packet *p)
{
    uint32_t ack = p->tcp.ack;

    if (!(p->tcp.flags & TCP_ACK))
        return true;
    if (SEQ_GT(ack, acked->last_ack) && SEQ_LEQ(ack, acked->next_win))
        return true;
    if (SEQ_LEQ(ack, acked->last_ack))
        return true;
    if (ssn->flags & (TCP_SSN_F_ASYNC | TCP_SSN_F_MIDSTREAM))
        return true;
    if (ssn->state > FLOW_TCP_SYN_SENT && SEQ_GT(ack, acked->next_win) &&
            SEQ_GT(ack, acked->next_seq)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_INVALID_ACK);
        return false;
    }
    return true;
}

static bool is_retransmission(struct tcp_tracker *tt, const struct tcp_peer *snd, struct packet *p)
{
    uint32_t end = p->tcp.seq + p->payload_len;

    if (p->payload_len == 0)
        return false;
    if (SEQ_LEQ(end, snd->last_ack) || SEQ_LEQ(end, snd->next_seq) ||
            (SEQ_LT(p->tcp.seq, snd->last_ack) && SEQ_GT(end, snd->last_ack))) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_RETRANSMISSION);
        return true;
    }
    return false;
}

/* A reset the receiver would accept (Suricata's per-OS rules). */
static bool rst_valid(struct tcp_tracker *tt, struct tcp_session *ssn, struct tcp_peer *snd,
        struct tcp_peer *rcv, struct packet *p)
{
    uint32_t seq = p->tcp.seq;

    if (!ts_valid(tt, ssn, snd, rcv, p))
        return false;
    if ((p->tcp.flags & TCP_ACK) && p->tcp.ack != 0 && !ack_valid(tt, ssn, rcv, p)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_RST_INVALID_ACK);
        return false;
    }
    if (ssn->flags & TCP_SSN_F_ASYNC)
        return SEQ_GEQ(seq, snd->next_seq);
    switch (rcv->rd.policy) {
    case STREAM_POLICY_HPUX11:
        return SEQ_GEQ(seq, snd->next_seq);
    case STREAM_POLICY_OLD_LINUX:
    case STREAM_POLICY_LINUX:
    case STREAM_POLICY_SOLARIS:
        return SEQ_GEQ(seq + p->payload_len, snd->last_ack) &&
               SEQ_LT(seq, snd->next_seq + VG_MAX(rcv->window, 1u));
    default:
        /* The FIN's own sequence number is accepted too. */
        return SEQ_EQ(seq, snd->next_seq) ||
               ((snd->flags & TCP_PEER_F_FIN) && SEQ_EQ(seq, snd->fin_seq)) ||
               (ssn->flags & TCP_SSN_F_MIDSTREAM);
    }
}

/* ---- accepting a packet ---- */

static void insert_data(
        struct tcp_tracker *tt, struct tcp_session *ssn, struct tcp_peer *snd, struct packet *p)
{
    unsigned ev;

    if (p->payload_len == 0 || (p->tcp.flags & TCP_RST) || (snd->flags & TCP_PEER_F_NOREASM))
        return;
    /* A SYN's data (TCP fast open) starts after the SYN's own sequence number. */
    ev = reasm_insert(tt->rt, &snd->rd, p->tcp.seq + ((p->tcp.flags & TCP_SYN) ? 1u : 0u),
            p->payload, p->payload_len);
    if (ev & REASM_EV_OVERLAP_DIFFERENT_DATA)
        tcp_set_event(tt, p, PKT_EVENT_STREAM_REASSEMBLY_OVERLAP_DIFFERENT_DATA);
    if ((ev & REASM_EV_DEPTH) && !(snd->flags & TCP_PEER_F_DEPTH_EV)) {
        snd->flags |= TCP_PEER_F_DEPTH_EV;
        tcp_set_event(tt, p, PKT_EVENT_STREAM_REASSEMBLY_DEPTH_REACHED);
    }
    if (ev & REASM_EV_MEMCAP) {
        /* Graceful degradation: keep tracking, stop reassembling the session. */
        ssn->flags |= TCP_SSN_F_NOREASM;
        ssn->peer[0].flags |= TCP_PEER_F_NOREASM;
        ssn->peer[1].flags |= TCP_PEER_F_NOREASM;
    }
}

/* The packet from snd is acceptable: move windows, acks, timestamps, next_seq, and store
 * its payload. */
static void accept_pkt(struct tcp_tracker *tt, struct tcp_session *ssn, struct tcp_peer *snd,
        struct tcp_peer *rcv, struct packet *p)
{
    uint32_t seq = p->tcp.seq, end = seq + p->payload_len;

    if (!(p->tcp.flags & TCP_SYN))
        snd->window = (uint32_t)p->tcp.win << ((ssn->flags & TCP_SSN_F_WSCALE) ? snd->wscale : 0);
    if (p->tcp.flags & TCP_ACK) {
        if (SEQ_GT(p->tcp.ack, rcv->last_ack))
            rcv->last_ack = p->tcp.ack;
        /* The receiver acknowledged bytes never seen: the hole is reported as a gap. */
        if (SEQ_GT(rcv->last_ack, rcv->next_seq))
            rcv->next_seq = rcv->last_ack;
    }
    if (SEQ_GT(rcv->last_ack + snd->window, rcv->next_win))
        rcv->next_win = rcv->last_ack + snd->window;
    ts_update(ssn, snd, p);
    if (p->payload_len > 0 && SEQ_GT(end, snd->next_seq) &&
            (SEQ_LEQ(seq, snd->next_seq) || SEQ_LT(snd->next_seq, snd->last_ack)))
        snd->next_seq = end;
    if (SEQ_GT(snd->next_seq, snd->next_win))
        snd->next_win = snd->next_seq;
    if ((p->tcp.flags & TCP_FIN) && !(p->tcp.flags & TCP_RST)) {
        if (!(snd->flags & TCP_PEER_F_FIN) || SEQ_GT(end, snd->fin_seq)) {
            snd->flags |= TCP_PEER_F_FIN;
            snd->fin_seq = end;
        }
        if (SEQ_GEQ(end, snd->next_seq))
            snd->next_seq = end + 1;
    }
    insert_data(tt, ssn, snd, p);
}

/* ---- session set-up (no session yet) ---- */

static enum tcp_track_result state_none(struct tcp_tracker *tt, struct flow *f, struct packet *p)
{
    const struct stream_config *cfg = tt->cfg;
    uint8_t fl = p->tcp.flags;
    int dir = p->flow_dir;
    struct tcp_session *ssn;
    struct tcp_peer *snd, *rcv;

    if (fl & TCP_RST) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_RST_BUT_NO_SESSION);
        return TCP_TRACK_NONE;
    }
    if (fl & TCP_FIN) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_FIN_BUT_NO_SESSION);
        return TCP_TRACK_NONE;
    }
    if ((fl & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        if (!cfg->midstream)
            return TCP_TRACK_NONE;
        if ((ssn = ssn_alloc(tt, f)) == NULL)
            return TCP_TRACK_NONE;
        /* Midstream pick-up on a SYN/ACK: its sender is the server. */
        ssn->cdir = (uint8_t)!dir;
        snd = &ssn->peer[dir];
        rcv = &ssn->peer[!dir];
        ssn->flags |= TCP_SSN_F_MIDSTREAM | TCP_SSN_F_MIDSTREAM_SYNACK;
        f->flags |= FLOW_F_TCP_SYNACK_PICKUP;
        tt->cnt.midstream_pickups++;
        peer_start(tt, snd, p->tcp.seq, &p->dst);
        peer_start(tt, rcv, p->tcp.ack - 1, &p->src);
        peer_syn_options(snd, p);
        if (p->tcp.has_ts) {
            rcv->flags |= TCP_PEER_F_TS;
            rcv->last_ts = p->tcp.ts_ecr;
            rcv->last_pkt_usec = p->ts_usec;
            ssn->flags |= TCP_SSN_F_TIMESTAMP;
        }
        if (p->tcp.has_wscale) {
            ssn->flags |= TCP_SSN_F_WSCALE;
            rcv->wscale = TCP_WSCALE_MAX;
        }
        rcv->last_ack = rcv->next_seq;
        rcv->next_win = rcv->last_ack + snd->window;
        snd->last_ack = snd->next_seq;
        snd->next_win = snd->last_ack + 1;
        ssn->synack_queued = 1;
        set_state(f, ssn, FLOW_TCP_SYN_RECV);
        return TCP_TRACK_OK;
    }
    if (fl & TCP_SYN) {
        if ((ssn = ssn_alloc(tt, f)) == NULL)
            return TCP_TRACK_NONE;
        ssn->cdir = (uint8_t)dir;
        snd = &ssn->peer[dir];
        peer_start(tt, snd, p->tcp.seq, &p->dst);
        snd->flags |= TCP_PEER_F_ISN_KNOWN;
        peer_syn_options(snd, p);
        snd->last_ack = snd->next_seq;
        snd->next_win = snd->next_seq;
        if (p->payload_len > 0 && p->tcp.has_tfo) {
            /* TCP fast open: the SYN carries data (as Suricata, only with the TFO option;
             * other SYN data is not stream data, detection inspects it on the packet). */
            ssn->flags |= TCP_SSN_F_TFO_PENDING;
            snd->next_seq += p->payload_len;
            snd->next_win = snd->next_seq;
            insert_data(tt, ssn, snd, p);
        }
        set_state(f, ssn, FLOW_TCP_SYN_SENT);
        return TCP_TRACK_OK;
    }
    if (!(fl & TCP_ACK) || !cfg->midstream)
        return TCP_TRACK_NONE;
    /* Midstream pick-up on an ACK: its sender is taken as the client. */
    if ((ssn = ssn_alloc(tt, f)) == NULL)
        return TCP_TRACK_NONE;
    ssn->cdir = (uint8_t)dir;
    snd = &ssn->peer[dir];
    rcv = &ssn->peer[!dir];
    ssn->flags |= TCP_SSN_F_MIDSTREAM;
    tt->cnt.midstream_pickups++;
    peer_start(tt, snd, p->tcp.seq - 1, &p->dst);
    peer_start(tt, rcv, p->tcp.ack - 1, &p->src);
    /* Window scaling is unknown: assume the largest, as Suricata does. */
    ssn->flags |= TCP_SSN_F_WSCALE;
    snd->wscale = rcv->wscale = TCP_WSCALE_MAX;
    if (p->tcp.has_ts) {
        ssn->flags |= TCP_SSN_F_TIMESTAMP;
        snd->flags |= TCP_PEER_F_TS;
        rcv->flags |= TCP_PEER_F_TS;
        snd->last_ts = p->tcp.ts_val;
        rcv->last_ts = p->tcp.ts_ecr;
        snd->last_pkt_usec = rcv->last_pkt_usec = p->ts_usec;
    }
    snd->last_ack = p->tcp.seq;
    rcv->last_ack = p->tcp.ack;
    rcv->window = (uint32_t)p->tcp.win << TCP_WSCALE_MAX;
    snd->next_win = snd->last_ack + rcv->window;
    rcv->next_win = rcv->last_ack + 1;
    set_state(f, ssn, FLOW_TCP_ESTABLISHED);
    accept_pkt(tt, ssn, snd, rcv, p);
    return TCP_TRACK_OK;
}

/* ---- handshake ---- */

static enum tcp_track_result state_syn_sent(
        struct tcp_tracker *tt, struct flow *f, struct tcp_session *ssn, struct packet *p)
{
    uint8_t fl = p->tcp.flags;
    int dir = p->flow_dir;
    bool toserver = dir == ssn->cdir;
    struct tcp_peer *cli = &ssn->peer[ssn->cdir], *srv = &ssn->peer[!ssn->cdir];

    /* A server answer must echo the client's timestamp (Suricata's check for evil
     * servers). */
    if (!toserver && p->tcp.has_ts && p->tcp.ts_ecr != 0 &&
            ((cli->flags & TCP_PEER_F_TS) ? (cli->last_ts != 0 && p->tcp.ts_ecr != cli->last_ts)
                                          : cli->last_ts == 0)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_INVALID_TIMESTAMP);
        return TCP_TRACK_INVALID;
    }
    if (fl & TCP_RST) {
        if (toserver) {
            if (!SEQ_EQ(p->tcp.seq, cli->next_seq) && !SEQ_EQ(p->tcp.seq, cli->isn))
                return TCP_TRACK_INVALID;
        } else if ((fl & TCP_ACK) && !SEQ_EQ(p->tcp.ack, cli->next_seq)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_RST_INVALID_ACK);
            return TCP_TRACK_INVALID;
        }
        ssn->flags |= TCP_SSN_F_CLOSED_BY_RST;
        ssn->peer[dir].flags |= TCP_PEER_F_RST;
        set_state(f, ssn, FLOW_TCP_CLOSED);
        return TCP_TRACK_OK;
    }
    if (fl & TCP_FIN)
        return TCP_TRACK_OK; /* ignored, as Suricata does */
    if ((fl & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        if (ssn->flags & TCP_SSN_F_4WHS) {
            if (!toserver)
                return TCP_TRACK_OK;
            if (!SEQ_EQ(p->tcp.ack, srv->isn + 1)) {
                tcp_set_event(tt, p, PKT_EVENT_STREAM_4WHS_SYNACK_WITH_WRONG_ACK);
                return TCP_TRACK_INVALID;
            }
            if (!SEQ_EQ(p->tcp.seq, cli->isn)) {
                tcp_set_event(tt, p, PKT_EVENT_STREAM_4WHS_SYNACK_WITH_WRONG_SYN);
                return TCP_TRACK_INVALID;
            }
            peer_syn_options(cli, p);
            negotiate_options(ssn, cli, srv);
            srv->last_ack = p->tcp.ack;
            srv->next_win = srv->last_ack + cli->window;
            cli->next_win = cli->last_ack + srv->window;
            ssn->synack_queued = 1;
            set_state(f, ssn, FLOW_TCP_SYN_RECV);
            return TCP_TRACK_OK;
        }
        if (toserver) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_IN_WRONG_DIRECTION);
            return TCP_TRACK_INVALID;
        }
        if (!SEQ_EQ(p->tcp.ack, cli->next_seq)) {
            if ((ssn->flags & TCP_SSN_F_TFO_PENDING) && SEQ_EQ(p->tcp.ack, cli->isn + 1)) {
                /* The server ignored the SYN's data: it will come again. */
                tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_TFO_DATA_IGNORED);
                cli->next_seq = cli->isn + 1;
            } else {
                tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_WITH_WRONG_ACK);
                return TCP_TRACK_INVALID;
            }
        }
        if (ssn->flags & TCP_SSN_F_TFO_PENDING) {
            ssn->flags &= (uint16_t)~TCP_SSN_F_TFO_PENDING;
            ssn->flags |= TCP_SSN_F_FAST_OPEN;
        }
        peer_start(tt, srv, p->tcp.seq, &p->dst);
        srv->flags |= TCP_PEER_F_ISN_KNOWN;
        peer_syn_options(srv, p);
        negotiate_options(ssn, cli, srv);
        cli->last_ack = p->tcp.ack;
        cli->next_win = cli->last_ack + srv->window;
        srv->last_ack = srv->next_seq;
        srv->next_win = srv->last_ack + cli->window;
        ssn->synack_queued = 1;
        set_state(f, ssn, FLOW_TCP_SYN_RECV);
        return TCP_TRACK_OK;
    }
    if (fl & TCP_SYN) {
        if (!toserver) {
            /* The server answers with a SYN of its own: split handshake. */
            ssn->flags |= TCP_SSN_F_4WHS;
            peer_start(tt, srv, p->tcp.seq, &p->dst);
            srv->flags |= TCP_PEER_F_ISN_KNOWN;
            peer_syn_options(srv, p);
            srv->last_ack = srv->next_seq;
            srv->next_win = srv->next_seq + cli->window;
            return TCP_TRACK_OK;
        }
        if (!SEQ_EQ(p->tcp.seq, cli->isn)) {
            /* A new SYN with another ISN replaces the first. */
            reasm_dir_free(tt->rt, &cli->rd);
            peer_start(tt, cli, p->tcp.seq, &p->dst);
            cli->flags |= TCP_PEER_F_ISN_KNOWN;
            cli->last_ack = cli->next_win = cli->next_seq;
        }
        peer_syn_options(cli, p);
        return TCP_TRACK_OK;
    }
    if (!(fl & TCP_ACK))
        return TCP_TRACK_OK;
    if (toserver && tt->cfg->async_oneside) {
        /* The client's ACK without a SYN/ACK seen: one-sided capture. */
        if (!SEQ_EQ(p->tcp.seq, cli->next_seq)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_ASYNC_WRONG_SEQ);
            return TCP_TRACK_INVALID;
        }
        ssn->flags |= TCP_SSN_F_ASYNC;
        peer_start(tt, srv, p->tcp.ack - 1, &p->src);
        srv->last_ack = srv->next_seq;
        srv->next_win = srv->last_ack;
        cli->window = p->tcp.win;
        cli->last_ack = p->tcp.seq;
        cli->next_win = cli->last_ack + cli->window;
        set_state(f, ssn, FLOW_TCP_ESTABLISHED);
        accept_pkt(tt, ssn, cli, srv, p);
        return TCP_TRACK_OK;
    }
    return TCP_TRACK_OK;
}

static enum tcp_track_result est_from_syn_recv(struct tcp_tracker *tt, struct flow *f,
        struct tcp_session *ssn, struct tcp_peer *snd, struct tcp_peer *rcv, struct packet *p);

static enum tcp_track_result state_syn_recv(
        struct tcp_tracker *tt, struct flow *f, struct tcp_session *ssn, struct packet *p)
{
    uint8_t fl = p->tcp.flags;
    int dir = p->flow_dir;
    bool toserver = dir == ssn->cdir;
    struct tcp_peer *cli = &ssn->peer[ssn->cdir], *srv = &ssn->peer[!ssn->cdir];
    struct tcp_peer *snd = &ssn->peer[dir], *rcv = &ssn->peer[!dir];
    bool missed_ack = false;

    if (fl & TCP_RST) {
        if (!rst_valid(tt, ssn, snd, rcv, p))
            return TCP_TRACK_INVALID;
        ssn->flags |= TCP_SSN_F_CLOSED_BY_RST;
        snd->flags |= TCP_PEER_F_RST;
        set_state(f, ssn, FLOW_TCP_CLOSED);
        return TCP_TRACK_OK;
    }
    if ((fl & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        if ((ssn->flags & TCP_SSN_F_4WHS) && toserver)
            return TCP_TRACK_OK;
        if (toserver) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_TOSERVER_ON_SYN_RECV);
            return TCP_TRACK_INVALID;
        }
        if (++ssn->synack_queued > tt->cfg->max_synack_queued) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_FLOOD);
            return TCP_TRACK_INVALID;
        }
        if (!SEQ_EQ(p->tcp.ack, cli->next_seq) && !SEQ_EQ(p->tcp.ack, cli->isn + 1)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_RESEND_WITH_DIFFERENT_ACK);
            return TCP_TRACK_INVALID;
        }
        if (!SEQ_EQ(p->tcp.seq, srv->isn)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYNACK_RESEND_WITH_DIFF_SEQ);
            return TCP_TRACK_INVALID;
        }
        return TCP_TRACK_OK;
    }
    if (fl & TCP_SYN) {
        if (!toserver) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYN_TOCLIENT_ON_SYN_RECV);
            return TCP_TRACK_INVALID;
        }
        if (!SEQ_EQ(p->tcp.seq, cli->isn)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_SYN_RESEND_DIFF_SEQ_ON_SYN_RECV);
            return TCP_TRACK_INVALID;
        }
        return TCP_TRACK_OK;
    }
    if (!(fl & TCP_ACK))
        return TCP_TRACK_OK;
    if (!ts_valid(tt, ssn, snd, rcv, p))
        return TCP_TRACK_INVALID;
    if ((ssn->flags & TCP_SSN_F_4WHS) && !toserver) {
        /* Split handshake: the server's ACK of the client's SYN/ACK completes it. */
        if (!SEQ_EQ(p->tcp.seq, srv->next_seq)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_4WHS_WRONG_SEQ);
            return TCP_TRACK_INVALID;
        }
        if (!SEQ_EQ(p->tcp.ack, cli->next_seq) && !ack_valid(tt, ssn, cli, p)) {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_4WHS_INVALID_ACK);
            return TCP_TRACK_INVALID;
        }
        return est_from_syn_recv(tt, f, ssn, snd, rcv, p);
    }
    if (!toserver) {
        if (ssn->flags & (TCP_SSN_F_MIDSTREAM_SYNACK | TCP_SSN_F_FAST_OPEN)) {
            missed_ack = true;
        } else if (!tt->cfg->inline_mode && SEQ_EQ(p->tcp.seq, srv->next_seq) &&
                   SEQ_GEQ(p->tcp.ack, cli->last_ack)) {
            /* The client's ACK was not captured; the server goes on. */
            missed_ack = true;
        } else {
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_ACK_IN_WRONG_DIR);
            return TCP_TRACK_INVALID;
        }
    }
    if (toserver) {
        if (SEQ_EQ(p->tcp.seq, cli->next_seq) && SEQ_EQ(p->tcp.ack, srv->next_seq))
            return est_from_syn_recv(tt, f, ssn, snd, rcv, p);
        if (SEQ_EQ(p->tcp.seq, cli->next_seq)) {
            ssn->flags |= TCP_SSN_F_EVASION;
            tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_RIGHT_SEQ_WRONG_ACK_EVASION);
            return TCP_TRACK_INVALID;
        }
        if (SEQ_GT(p->tcp.seq, cli->next_seq) && SEQ_LEQ(p->tcp.seq, cli->next_win) &&
                SEQ_EQ(p->tcp.ack, srv->next_seq))
            return est_from_syn_recv(tt, f, ssn, snd, rcv, p); /* packets were lost */
    } else if (tt->cfg->async_oneside && SEQ_EQ(p->tcp.seq, srv->next_seq)) {
        /* Only the server is seen (async-oneside): its data is handed on at once. */
        ssn->flags |= TCP_SSN_F_ASYNC;
        return est_from_syn_recv(tt, f, ssn, snd, rcv, p);
    } else if (missed_ack && SEQ_EQ(p->tcp.seq, srv->next_seq)) {
        return est_from_syn_recv(tt, f, ssn, snd, rcv, p);
    }
    tcp_set_event(tt, p, PKT_EVENT_STREAM_3WHS_WRONG_SEQ_WRONG_ACK);
    return TCP_TRACK_INVALID;
}

static enum tcp_track_result handle_fin(struct tcp_tracker *tt, struct flow *f,
        struct tcp_session *ssn, struct tcp_peer *snd, struct tcp_peer *rcv, struct packet *p);

static enum tcp_track_result est_from_syn_recv(struct tcp_tracker *tt, struct flow *f,
        struct tcp_session *ssn, struct tcp_peer *snd, struct tcp_peer *rcv, struct packet *p)
{
    set_state(f, ssn, FLOW_TCP_ESTABLISHED);
    if (p->tcp.flags & TCP_FIN)
        return handle_fin(tt, f, ssn, snd, rcv, p);
    accept_pkt(tt, ssn, snd, rcv, p);
    return TCP_TRACK_OK;
}

/* ---- established ---- */

static enum tcp_track_result est_syn(
        struct tcp_tracker *tt, struct tcp_session *ssn, struct packet *p)
{
    bool toserver = p->flow_dir == ssn->cdir;
    struct tcp_peer *cli = &ssn->peer[ssn->cdir], *srv = &ssn->peer[!ssn->cdir];

    if ((p->tcp.flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK)) {
        if (toserver)
            tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYNACK_TOSERVER);
        else if (!SEQ_EQ(p->tcp.seq, srv->isn))
            tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYNACK_RESEND_WITH_DIFF_SEQ);
        else if (!SEQ_EQ(p->tcp.ack, cli->isn + 1) &&
                 !((ssn->flags & TCP_SSN_F_FAST_OPEN) && SEQ_EQ(p->tcp.ack, cli->last_ack)))
            tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYNACK_RESEND_WITH_DIFFERENT_ACK);
        else
            tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYNACK_RESEND);
        return TCP_TRACK_INVALID;
    }
    if (!toserver)
        tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYN_TOCLIENT);
    else if (SEQ_EQ(p->tcp.seq, cli->isn))
        tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYN_RESEND);
    else
        tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_SYN_RESEND_DIFF_SEQ);
    return TCP_TRACK_INVALID;
}

/* Data and ACKs in ESTABLISHED (either direction). */
static enum tcp_track_result est_packet(struct tcp_tracker *tt, struct tcp_session *ssn,
        struct tcp_peer *snd, struct tcp_peer *rcv, struct packet *p)
{
    uint32_t seq = p->tcp.seq, len = p->payload_len;
    bool relaxed = (ssn->flags & (TCP_SSN_F_MIDSTREAM | TCP_SSN_F_ASYNC)) != 0;

    if (!ts_valid(tt, ssn, snd, rcv, p))
        return TCP_TRACK_INVALID;
    if (!ack_valid(tt, ssn, rcv, p)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_INVALID_ACK);
        return TCP_TRACK_INVALID;
    }
    /* keep-alive: one byte (or none) just below next_seq */
    if (len <= 1 && SEQ_EQ(seq, snd->next_seq - 1)) {
        accept_pkt(tt, ssn, snd, rcv, p);
        return TCP_TRACK_OK;
    }
    if (!SEQ_GEQ(seq + len, snd->last_ack) && !relaxed && !SEQ_LT(snd->next_seq, snd->last_ack)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_PKT_BEFORE_LAST_ACK);
        return TCP_TRACK_INVALID;
    }
    if (!SEQ_LEQ(seq + len, snd->next_win) && !relaxed) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_EST_PACKET_OUT_OF_WINDOW);
        return TCP_TRACK_INVALID;
    }
    accept_pkt(tt, ssn, snd, rcv, p);
    return TCP_TRACK_OK;
}

/* FIN in ESTABLISHED (or completing the handshake). */
static enum tcp_track_result handle_fin(struct tcp_tracker *tt, struct flow *f,
        struct tcp_session *ssn, struct tcp_peer *snd, struct tcp_peer *rcv, struct packet *p)
{
    bool toserver = p->flow_dir == ssn->cdir;

    if (!ts_valid(tt, ssn, snd, rcv, p))
        return TCP_TRACK_INVALID;
    if (!ack_valid(tt, ssn, rcv, p)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_FIN_INVALID_ACK);
        return TCP_TRACK_INVALID;
    }
    if (!(ssn->flags & (TCP_SSN_F_MIDSTREAM | TCP_SSN_F_ASYNC)) &&
            (SEQ_LT(p->tcp.seq + p->payload_len, snd->next_seq) ||
                    SEQ_GT(p->tcp.seq, snd->next_win))) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_FIN_OUT_OF_WINDOW);
        return TCP_TRACK_INVALID;
    }
    set_state(f, ssn, toserver ? FLOW_TCP_CLOSE_WAIT : FLOW_TCP_FIN_WAIT1);
    accept_pkt(tt, ssn, snd, rcv, p);
    return TCP_TRACK_OK;
}

static enum tcp_track_result state_established(
        struct tcp_tracker *tt, struct flow *f, struct tcp_session *ssn, struct packet *p)
{
    uint8_t fl = p->tcp.flags;
    struct tcp_peer *snd = &ssn->peer[p->flow_dir], *rcv = &ssn->peer[!p->flow_dir];

    if (fl & TCP_RST) {
        if (!rst_valid(tt, ssn, snd, rcv, p))
            return TCP_TRACK_INVALID;
        ssn->flags |= TCP_SSN_F_CLOSED_BY_RST;
        snd->flags |= TCP_PEER_F_RST;
        if (fl & TCP_ACK) {
            if (SEQ_GT(p->tcp.ack, rcv->last_ack))
                rcv->last_ack = p->tcp.ack;
        }
        set_state(f, ssn, FLOW_TCP_CLOSED);
        return TCP_TRACK_OK;
    }
    if ((fl & (TCP_FIN | TCP_SYN)) == (TCP_FIN | TCP_SYN)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_FIN_SYN);
        return TCP_TRACK_INVALID;
    }
    if (fl & TCP_SYN)
        return est_syn(tt, ssn, p);
    if (fl & TCP_FIN)
        return handle_fin(tt, f, ssn, snd, rcv, p);
    if (!(fl & TCP_ACK))
        return TCP_TRACK_OK;
    return est_packet(tt, ssn, snd, rcv, p);
}

/* ---- closing states ---- */

/* Shared checks of an ACK (possibly with data) in a closing state; wrong_seq and
 * invalid_ack are the state's own events. */
static bool closing_checks(struct tcp_tracker *tt, struct tcp_session *ssn, struct tcp_peer *snd,
        struct tcp_peer *rcv, struct packet *p, enum pkt_event wrong_seq,
        enum pkt_event invalid_ack)
{
    bool relaxed = (ssn->flags & (TCP_SSN_F_MIDSTREAM | TCP_SSN_F_ASYNC)) != 0;

    if (!ts_valid(tt, ssn, snd, rcv, p))
        return false;
    if (!is_retransmission(tt, snd, p) && !relaxed) {
        uint32_t seq = p->tcp.seq;
        bool in_seq = SEQ_EQ(seq, snd->next_seq) || SEQ_EQ(seq + 1, snd->next_seq) ||
                      (SEQ_GEQ(seq, snd->next_seq) && SEQ_LEQ(seq + p->payload_len, snd->next_win));
        if (!in_seq) {
            tcp_set_event(tt, p, wrong_seq);
            return false;
        }
    }
    if (!ack_valid(tt, ssn, rcv, p)) {
        tcp_set_event(tt, p, invalid_ack);
        return false;
    }
    return true;
}

static bool acks_fin(const struct packet *p, const struct tcp_peer *finner)
{
    return (p->tcp.flags & TCP_ACK) && (finner->flags & TCP_PEER_F_FIN) &&
           SEQ_GEQ(p->tcp.ack, finner->fin_seq + 1);
}

static enum tcp_track_result state_closing_any(
        struct tcp_tracker *tt, struct flow *f, struct tcp_session *ssn, struct packet *p)
{
    uint8_t fl = p->tcp.flags;
    bool toserver = p->flow_dir == ssn->cdir;
    struct tcp_peer *snd = &ssn->peer[p->flow_dir], *rcv = &ssn->peer[!p->flow_dir];
    struct tcp_peer *cli = &ssn->peer[ssn->cdir], *srv = &ssn->peer[!ssn->cdir];
    enum pkt_event wrong_seq, invalid_ack;

    if (fl & TCP_RST) {
        if (!rst_valid(tt, ssn, snd, rcv, p))
            return TCP_TRACK_INVALID;
        ssn->flags |= TCP_SSN_F_CLOSED_BY_RST;
        snd->flags |= TCP_PEER_F_RST;
        set_state(f, ssn, FLOW_TCP_CLOSED);
        return TCP_TRACK_OK;
    }
    if (fl & TCP_SYN) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_SHUTDOWN_SYN_RESEND);
        return TCP_TRACK_INVALID;
    }
    if (!(fl & (TCP_ACK | TCP_FIN)))
        return TCP_TRACK_OK;
    switch (ssn->state) {
    case FLOW_TCP_FIN_WAIT1:
        wrong_seq = (fl & TCP_FIN) ? PKT_EVENT_STREAM_FIN1_FIN_WRONG_SEQ
                                   : PKT_EVENT_STREAM_FIN1_ACK_WRONG_SEQ;
        invalid_ack = PKT_EVENT_STREAM_FIN1_INVALID_ACK;
        break;
    case FLOW_TCP_FIN_WAIT2:
        wrong_seq = (fl & TCP_FIN) ? PKT_EVENT_STREAM_FIN2_FIN_WRONG_SEQ
                                   : PKT_EVENT_STREAM_FIN2_ACK_WRONG_SEQ;
        invalid_ack = PKT_EVENT_STREAM_FIN2_INVALID_ACK;
        break;
    case FLOW_TCP_CLOSING:
        wrong_seq = PKT_EVENT_STREAM_CLOSING_ACK_WRONG_SEQ;
        invalid_ack = PKT_EVENT_STREAM_CLOSING_INVALID_ACK;
        break;
    case FLOW_TCP_CLOSE_WAIT:
        wrong_seq = (fl & TCP_FIN) ? PKT_EVENT_STREAM_CLOSEWAIT_FIN_OUT_OF_WINDOW
                                   : PKT_EVENT_STREAM_CLOSEWAIT_ACK_OUT_OF_WINDOW;
        invalid_ack = PKT_EVENT_STREAM_CLOSEWAIT_INVALID_ACK;
        break;
    case FLOW_TCP_LAST_ACK:
        wrong_seq = PKT_EVENT_STREAM_LASTACK_ACK_WRONG_SEQ;
        invalid_ack = PKT_EVENT_STREAM_LASTACK_INVALID_ACK;
        break;
    default: /* TIME_WAIT */
        wrong_seq = PKT_EVENT_STREAM_TIMEWAIT_ACK_WRONG_SEQ;
        invalid_ack = PKT_EVENT_STREAM_TIMEWAIT_INVALID_ACK;
        break;
    }
    if (ssn->state == FLOW_TCP_CLOSE_WAIT && toserver && p->payload_len > 0 &&
            SEQ_LT(p->tcp.seq + p->payload_len, snd->last_ack)) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_CLOSEWAIT_PKT_BEFORE_LAST_ACK);
        return TCP_TRACK_INVALID;
    }
    if (!closing_checks(tt, ssn, snd, rcv, p, wrong_seq, invalid_ack))
        return TCP_TRACK_INVALID;
    accept_pkt(tt, ssn, snd, rcv, p);

    switch (ssn->state) {
    case FLOW_TCP_FIN_WAIT1: /* the server closed first */
        if (toserver && (fl & TCP_FIN))
            set_state(f, ssn, acks_fin(p, srv) ? FLOW_TCP_TIME_WAIT : FLOW_TCP_CLOSING);
        else if (toserver && acks_fin(p, srv))
            set_state(f, ssn, FLOW_TCP_FIN_WAIT2);
        break;
    case FLOW_TCP_FIN_WAIT2:
        if (toserver && (fl & TCP_FIN))
            set_state(f, ssn, FLOW_TCP_TIME_WAIT);
        break;
    case FLOW_TCP_CLOSING:
        if (fl & TCP_ACK)
            set_state(f, ssn, FLOW_TCP_TIME_WAIT);
        break;
    case FLOW_TCP_TIME_WAIT:
        if (!toserver && acks_fin(p, cli))
            set_state(f, ssn, FLOW_TCP_CLOSED);
        break;
    case FLOW_TCP_CLOSE_WAIT: /* the client closed first */
        if (!toserver && (fl & TCP_FIN))
            set_state(f, ssn, FLOW_TCP_LAST_ACK);
        break;
    case FLOW_TCP_LAST_ACK:
        if (toserver && acks_fin(p, srv))
            set_state(f, ssn, FLOW_TCP_CLOSED);
        break;
    default:
        break;
    }
    (void)rcv;
    return TCP_TRACK_OK;
}

/* ---- entry ---- */

/* Data already acknowledged by the receiver sent again (Suricata's spurious
 * retransmission); true when it lies wholly below what was handed on and is skipped. */
static bool spurious_retransmission(
        struct tcp_tracker *tt, const struct tcp_peer *snd, struct packet *p)
{
    uint32_t end = p->tcp.seq + p->payload_len;
    uint32_t base = snd->rd.isn + 1 + (uint32_t)snd->rd.app_off;

    if (p->payload_len == 0 || (p->tcp.flags & (TCP_SYN | TCP_RST)))
        return false;
    /* keep-alive: one byte just below next_seq */
    if (p->payload_len == 1 && SEQ_EQ(p->tcp.seq, snd->next_seq - 1))
        return false;
    if (SEQ_LEQ(end, base) && snd->rd.app_off > 0) {
        tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_SPURIOUS_RETRANSMISSION);
        return true;
    }
    if (SEQ_LEQ(end, snd->last_ack))
        tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_SPURIOUS_RETRANSMISSION);
    return false;
}

enum tcp_track_result tcp_track_packet(struct tcp_tracker *tt, struct flow *f, struct packet *p)
{
    struct tcp_session *ssn = f->tcp_ssn;
    uint8_t fl = p->tcp.flags;
    enum tcp_track_result r;

    if (!(fl & TCP_ACK) && p->tcp.ack != 0)
        tcp_set_event(tt, p, PKT_EVENT_STREAM_PKT_BROKEN_ACK);
    if (ssn == NULL) {
        r = state_none(tt, f, p);
        ssn = f->tcp_ssn;
        if (ssn == NULL)
            return r;
    } else {
        if (ssn->state >= FLOW_TCP_ESTABLISHED && ssn->state != FLOW_TCP_CLOSED &&
                spurious_retransmission(tt, &ssn->peer[p->flow_dir], p)) {
            r = TCP_TRACK_OK;
        } else {
            switch (ssn->state) {
            case FLOW_TCP_SYN_SENT:
                r = state_syn_sent(tt, f, ssn, p);
                break;
            case FLOW_TCP_SYN_RECV:
                r = state_syn_recv(tt, f, ssn, p);
                break;
            case FLOW_TCP_ESTABLISHED:
                r = state_established(tt, f, ssn, p);
                break;
            case FLOW_TCP_CLOSED:
                r = TCP_TRACK_OK; /* late packets of a closed session are ignored */
                break;
            default:
                r = state_closing_any(tt, f, ssn, p);
                break;
            }
        }
    }
    /* Flags of every packet of the session, as Suricata's tcp_flags. */
    f->tcp_flags |= fl;
    ssn->peer[p->flow_dir].tcp_flags |= fl;
    if (p->flow_dir == FLOW_DIR_TOSERVER)
        f->tcp_flags_ts |= fl;
    else
        f->tcp_flags_tc |= fl;
    if ((ssn->flags & TCP_SSN_F_ASYNC) && ssn->peer[0].tcp_flags != 0 &&
            ssn->peer[1].tcp_flags != 0)
        ssn->flags &= (uint16_t)~TCP_SSN_F_ASYNC;
    return r;
}
