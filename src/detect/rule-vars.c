/*
 * rule-vars.c - address and port groups with Suricata's default values.
 */
#include "detect/rule-vars.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

/* The values of Suricata's default configuration, used for names the config leaves out. */
static const char *const default_addr[][2] = {
    { "HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]" },
    { "EXTERNAL_NET", "!$HOME_NET" },
    { "HTTP_SERVERS", "$HOME_NET" },
    { "SMTP_SERVERS", "$HOME_NET" },
    { "SQL_SERVERS", "$HOME_NET" },
    { "DNS_SERVERS", "$HOME_NET" },
    { "TELNET_SERVERS", "$HOME_NET" },
    { "AIM_SERVERS", "$EXTERNAL_NET" },
    { "DC_SERVERS", "$HOME_NET" },
    { "DNP3_SERVER", "$HOME_NET" },
    { "DNP3_CLIENT", "$HOME_NET" },
    { "MODBUS_CLIENT", "$HOME_NET" },
    { "MODBUS_SERVER", "$HOME_NET" },
    { "ENIP_CLIENT", "$HOME_NET" },
    { "ENIP_SERVER", "$HOME_NET" },
};

static const char *const default_port[][2] = {
    { "HTTP_PORTS", "80" },
    { "SHELLCODE_PORTS", "!80" },
    { "ORACLE_PORTS", "1521" },
    { "SSH_PORTS", "22" },
    { "DNP3_PORTS", "20000" },
    { "MODBUS_PORTS", "502" },
    { "FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]" },
    { "FTP_PORTS", "21" },
    { "GENEVE_PORTS", "6081" },
    { "VXLAN_PORTS", "4789" },
    { "TEREDO_PORTS", "3544" },
    { "SIP_PORTS", "[5060, 5061]" },
};

static int set_in(struct rule_var **arr, size_t *n, const char *name, const char *value)
{
    struct rule_var *na;
    char *nv;
    size_t i;

    nv = strdup(value);
    if (nv == NULL)
        return VG_ENOMEM;
    for (i = 0; i < *n; i++) {
        if (strcmp((*arr)[i].name, name) == 0) {
            free((*arr)[i].value);
            (*arr)[i].value = nv;
            return VG_OK;
        }
    }
    na = realloc(*arr, (*n + 1) * sizeof(**arr));
    if (na == NULL)
        goto out_free_value;
    *arr = na;
    na[*n].name = strdup(name);
    if (na[*n].name == NULL)
        goto out_free_value;
    na[*n].value = nv;
    (*n)++;
    return VG_OK;
out_free_value:
    free(nv);
    return VG_ENOMEM;
}

int rule_vars_set(struct rule_vars *v, int port, const char *name, const char *value)
{
    if (port)
        return set_in(&v->port, &v->n_port, name, value);
    return set_in(&v->addr, &v->n_addr, name, value);
}

static int load_group(struct rule_vars *v, const struct conf *c, const char *path, int port)
{
    const struct conf_node *g = conf_get(c, NULL, path), *n;

    if (g == NULL || g->kind != CONF_MAP)
        return VG_OK;
    for (n = g->child; n != NULL; n = n->next) {
        int rc;
        if (n->kind != CONF_SCALAR || n->key == NULL || n->value == NULL)
            continue;
        rc = rule_vars_set(v, port, n->key, n->value);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

int rule_vars_load(struct rule_vars *v, const struct conf *c)
{
    size_t i;
    int rc = VG_OK;

    memset(v, 0, sizeof(*v));
    for (i = 0; i < sizeof(default_addr) / sizeof(default_addr[0]) && rc == VG_OK; i++)
        rc = rule_vars_set(v, 0, default_addr[i][0], default_addr[i][1]);
    for (i = 0; i < sizeof(default_port) / sizeof(default_port[0]) && rc == VG_OK; i++)
        rc = rule_vars_set(v, 1, default_port[i][0], default_port[i][1]);
    if (rc == VG_OK && c != NULL)
        rc = load_group(v, c, "vars.address-groups", 0);
    if (rc == VG_OK && c != NULL)
        rc = load_group(v, c, "vars.port-groups", 1);
    if (rc != VG_OK)
        rule_vars_release(v);
    return rc;
}

static void free_arr(struct rule_var *a, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(a[i].name);
        free(a[i].value);
    }
    free(a);
}

void rule_vars_release(struct rule_vars *v)
{
    free_arr(v->addr, v->n_addr);
    free_arr(v->port, v->n_port);
    memset(v, 0, sizeof(*v));
}

static const char *lookup(const struct rule_var *a, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(a[i].name, name) == 0)
            return a[i].value;
    }
    return NULL;
}

const char *rule_vars_addr(const struct rule_vars *v, const char *name)
{
    return lookup(v->addr, v->n_addr, name);
}

const char *rule_vars_port(const struct rule_vars *v, const char *name)
{
    return lookup(v->port, v->n_port, name);
}
