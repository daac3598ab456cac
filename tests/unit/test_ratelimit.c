/* The per-address limiter (util/ratelimit.c), the quiet log counter and the
 * trusted-proxy list (http/client_addr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include "http/client_addr.h"
#include "util/ratelimit.h"

static struct ratelimit rl = RATELIMIT_INIT(3, 60);

static int reset(void **state)
{
    ratelimit_clear(&rl);
    return 0;
}

static void test_limit_per_address(void **state)
{
    for (int i = 0; i < 3; i++) assert_int_equal(ratelimit_take(&rl, "203.0.113.1", 1000), 1);
    assert_int_equal(ratelimit_take(&rl, "203.0.113.1", 1000), 0);
    assert_int_equal(ratelimit_allows(&rl, "203.0.113.1", 1059), 0);
    assert_int_equal(ratelimit_take(&rl, "203.0.113.2", 1000), 1);   /* others unaffected */
    assert_int_equal(ratelimit_take(&rl, "203.0.113.1", 1060), 1);   /* a new window */
}

static void test_refund_and_count(void **state)
{
    assert_int_equal(ratelimit_take(&rl, "a", 10), 1);
    ratelimit_refund(&rl, "a", 10);
    for (int i = 0; i < 3; i++) assert_int_equal(ratelimit_take(&rl, "a", 10), 1);
    assert_int_equal(ratelimit_allows(&rl, "a", 10), 0);
    ratelimit_refund(&rl, "a", 10);
    assert_int_equal(ratelimit_allows(&rl, "a", 10), 1);
    ratelimit_count(&rl, "b", 10);
    ratelimit_count(&rl, "b", 10);
    ratelimit_count(&rl, "b", 10);
    ratelimit_count(&rl, "b", 10);      /* counted even past the limit */
    ratelimit_refund(&rl, "b", 10);
    assert_int_equal(ratelimit_allows(&rl, "b", 10), 0);
}

static void test_ipv6_counts_per_64(void **state)
{
    char k[RATELIMIT_KEY];
    ratelimit_key("2001:db8:1:2:aaaa::1", k);
    assert_string_equal(k, "2001:db8:1:2::/64");
    ratelimit_key("198.51.100.7", k);
    assert_string_equal(k, "198.51.100.7");
    for (int i = 0; i < 3; i++) {
        char a[64];
        snprintf(a, sizeof a, "2001:db8:1:2::%x", i + 1);
        assert_int_equal(ratelimit_take(&rl, a, 5), 1);
    }
    assert_int_equal(ratelimit_take(&rl, "2001:db8:1:2:ffff:ffff:ffff:ffff", 5), 0);
    assert_int_equal(ratelimit_take(&rl, "2001:db8:1:3::1", 5), 1);
}

/* Many more addresses than slots: memory stays bounded and a fresh
 * address is always counted from zero. */
static void test_table_bounded(void **state)
{
    char a[32];
    for (int i = 0; i < 5 * RATELIMIT_SLOTS; i++) {
        snprintf(a, sizeof a, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        assert_int_equal(ratelimit_take(&rl, a, 100 + i / 1000), 1);
    }
    assert_int_equal(ratelimit_take(&rl, "192.0.2.1", 200), 1);
}

static void test_log_quiet(void **state)
{
    struct log_quiet q = LOG_QUIET_INIT;
    assert_int_equal(log_quiet_due(&q, 100, 10), 1);     /* the first is told */
    for (int i = 0; i < 500; i++) assert_int_equal(log_quiet_due(&q, 105, 10), 0);
    assert_int_equal(log_quiet_due(&q, 110, 10), 501);   /* then a summary */
    assert_int_equal(log_quiet_due(&q, 111, 10), 0);
}

static void test_trusted_proxies(void **state)
{
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
    inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
    inet_pton(AF_INET6, "::1", &in6.sin6_addr);
    assert_int_equal(client_addr_trust(NULL), 0);
    assert_int_equal(client_addr_trusted((struct sockaddr *)&in), 0);   /* none by default */
    assert_int_equal(client_addr_trust("127.0.0.1, ::1"), 0);
    assert_int_equal(client_addr_trusted((struct sockaddr *)&in), 1);
    assert_int_equal(client_addr_trusted((struct sockaddr *)&in6), 1);
    assert_int_equal(client_addr_trust("127.0.0.1,proxy.local"), -1);
    assert_int_equal(client_addr_trusted((struct sockaddr *)&in), 1);   /* unchanged */
    assert_int_equal(client_addr_trust("10.0.0.5"), 0);
    assert_int_equal(client_addr_trusted((struct sockaddr *)&in), 0);
    char t[CLIENT_ADDR_MAX];
    client_addr_text((struct sockaddr *)&in6, t);
    assert_string_equal(t, "::1");
    client_addr_text(NULL, t);
    assert_string_equal(t, "?");
    client_addr_trust(NULL);
}

/* X-Forwarded-For from a trusted proxy: the nearest hop that is not one of
 * ours is the client; what a client wrote further left does not count. */
static void test_forwarded_for(void **state)
{
    char t[CLIENT_ADDR_MAX] = "peer";
    assert_int_equal(client_addr_trust("127.0.0.1,10.0.0.5"), 0);
    assert_int_equal(client_addr_forwarded("203.0.113.9", t), 1);
    assert_string_equal(t, "203.0.113.9");
    assert_int_equal(client_addr_forwarded("1.2.3.4, 203.0.113.9", t), 1);   /* 1.2.3.4: made up */
    assert_string_equal(t, "203.0.113.9");
    assert_int_equal(client_addr_forwarded("1.2.3.4, 198.51.100.2,10.0.0.5", t), 1);
    assert_string_equal(t, "198.51.100.2");                                  /* two proxies */
    assert_int_equal(client_addr_forwarded(" 2001:db8::7 ", t), 1);
    assert_string_equal(t, "2001:db8::7");
    snprintf(t, sizeof t, "peer");
    assert_int_equal(client_addr_forwarded("10.0.0.5", t), 0);             /* only proxies */
    assert_int_equal(client_addr_forwarded("evil, bukan-ip", t), 0);
    assert_int_equal(client_addr_forwarded("", t), 0);
    assert_int_equal(client_addr_forwarded(NULL, t), 0);
    assert_string_equal(t, "peer");
    client_addr_trust(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_limit_per_address, reset),
        cmocka_unit_test_setup(test_refund_and_count, reset),
        cmocka_unit_test_setup(test_ipv6_counts_per_64, reset),
        cmocka_unit_test_setup(test_table_bounded, reset),
        cmocka_unit_test(test_log_quiet),
        cmocka_unit_test(test_trusted_proxies),
        cmocka_unit_test(test_forwarded_for),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
