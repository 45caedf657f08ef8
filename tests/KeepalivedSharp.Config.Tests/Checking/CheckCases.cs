namespace KeepalivedSharp.Config.Tests.Checking;

/// <summary>
/// Configs with check blocks and the exit code keepalived 2.2.7's <c>keepalived -t</c> gave for each (recorded
/// on Debian 12's 2.2.7; <c>SampleAgreementTests</c> runs keepalived again on them). 139: keepalived crashes.
/// </summary>
public static class CheckCases
{
    public static readonly (string Name, string Text, int KeepalivedExit)[] All =
    [
        ("badsched", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             lvs_sched xyz
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("bfd-missing", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              BFD_CHECK {
               name nope
              }
             }
            }
            """, 5),
        ("dns-badtype", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 53 {
              DNS_CHECK {
               type XX
              }
             }
            }
            """, 5),
        ("dns-ok", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 53 {
              DNS_CHECK {
               type A
               name example.com
              }
             }
            }
            """, 0),
        ("dr-port", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind DR
             protocol TCP
             real_server 10.0.0.2 8080 {
             }
            }
            """, 5),
        ("dup-rs", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("family-mismatch", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server fd00::2 80 {
             }
             real_server 10.0.0.3 80 {
             }
            }
            """, 5),
        ("file-missing", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              FILE_CHECK {
               track_file nope
              }
             }
            }
            """, 5),
        ("file-ok", """
            track_file tf {
             file /nonexistent/ks-weight
             weight 3
            }
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              FILE_CHECK {
               track_file tf
               weight 2 reverse
              }
             }
            }
            """, 0),
        ("fwm-ok", """
            virtual_server fwmark 7 {
             lb_algo rr
             lb_kind DR
             real_server 10.0.0.2 {
              PING_CHECK {
              }
             }
            }
            """, 0),
        ("fwm-rsport", """
            virtual_server fwmark 7 {
             lb_algo rr
             lb_kind DR
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("http-badstatus", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              HTTP_GET {
               url {
                path /
                status_code 700
               }
              }
             }
            }
            """, 5),
        ("http-nourl", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              HTTP_GET {
               connect_timeout 3
              }
             }
            }
            """, 139),
        ("http-ok", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              HTTP_GET {
               url {
                path /health
                status_code 200 301-302
                digest 9b3a0c85a887a256d6939da88aabd8cd
               }
               http_protocol 1.1
               connect_timeout 3
               retry 2
               delay_before_retry 1.5
              }
             }
            }
            """, 0),
        ("hyst", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             quorum 2
             hysteresis 2
             real_server 10.0.0.2 80 {
              weight 2
             }
            }
            """, 5),
        ("ll-nobindif", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              TCP_CHECK {
               connect_ip fe80::1
              }
             }
            }
            """, 5),
        ("misc-conn", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              MISC_CHECK {
               misc_path /nonexistent/x
               connect_timeout 5
              }
             }
            }
            """, 5),
        ("misc-nopath", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              MISC_CHECK {
               misc_timeout 5
              }
             }
            }
            """, 5),
        ("misc-ok", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              MISC_CHECK {
               misc_path "/nonexistent/check.sh 10.0.0.2"
               misc_timeout 5
               misc_dynamic
              }
             }
            }
            """, 0),
        ("nbget", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              HTTP_GET {
               url {
                path /
               }
               nb_get_retry 3
              }
             }
            }
            """, 5),
        ("no-kind", """
            virtual_server 10.0.0.1 80 {
             protocol TCP
             lb_algo wrr
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("no-proto", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("no-rs", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
            }
            """, 5),
        ("no-sched", """
            virtual_server 10.0.0.1 80 {
             protocol TCP
             lb_kind DR
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("ok-tcp", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              TCP_CHECK {
               connect_timeout 3
              }
             }
            }
            """, 0),
        ("ops-tcp", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             ops
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("persist", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             persistence_timeout
             persistence_granularity 255.255.255.0
             real_server 10.0.0.2 80 {
             }
            }
            """, 0),
        ("port0", """
            virtual_server 10.0.0.1 0 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("quorum-high", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             quorum 5
             real_server 10.0.0.2 80 {
              weight 2
             }
            }
            """, 5),
        ("retry0-chk", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              TCP_CHECK {
               retry 0
              }
             }
            }
            """, 0),
        ("retry0-rs", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              retry 0
             }
            }
            """, 5),
        ("sh-port-before", """
            virtual_server 10.0.0.1 80 {
             sh-port
             lvs_sched sh
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("smtp-ok", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 25 {
              SMTP_CHECK {
               helo_name foo.example
               connect_timeout 3
              }
             }
            }
            """, 0),
        ("sorry-mismatch", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             sorry_server 10.0.0.2 80
             real_server 10.0.0.2 80 {
              inhibit_on_failure
             }
            }
            """, 5),
        ("sorry", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             sorry_server 10.0.0.9 80
             sorry_server_inhibit
             real_server 10.0.0.2 80 {
              inhibit_on_failure
             }
            }
            """, 0),
        ("ssl-ok", """
            SSL {
             password secret
             ca /etc/ssl/ca.pem
             certificate /etc/ssl/c.pem
             key /etc/ssl/k.pem
            }
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 443 {
              SSL_GET {
               url {
                path /
               }
               enable_sni
              }
             }
            }
            """, 0),
        ("ssl-typo", """
            SSL {
             pasword secret
            }
            """, 5),
        ("tun-gue-port", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              lvs_method TUN type gue port 6080
             }
            }
            """, 0),
        ("tun-gue", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              lvs_method TUN type gue
             }
            }
            """, 5),
        ("typo-chk", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              TCP_CHECK {
               conect_timeout 3
              }
             }
            }
            """, 5),
        ("typo-rs", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              wieght 2
             }
            }
            """, 5),
        ("udp-badhex", """
            virtual_server 10.0.0.1 53 {
             lb_algo rr
             lb_kind NAT
             protocol UDP
             real_server 10.0.0.2 53 {
              UDP_CHECK {
               payload 01z
              }
             }
            }
            """, 5),
        ("udp-ok", """
            virtual_server 10.0.0.1 53 {
             lb_algo rr
             lb_kind NAT
             protocol UDP
             real_server 10.0.0.2 53 {
              UDP_CHECK {
               payload 0102ff
               require_reply 01XX
               min_reply_length 1
               max_reply_length 100
              }
             }
            }
            """, 5),
        ("vsg-badmask", """
            virtual_server_group G {
             10.0.1.1/24 80
             10.0.0.5 80
            }
            virtual_server group G {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("vsg-badrange", """
            virtual_server_group G {
             10.0.0.5-3 80
             10.0.0.6 80
            }
            virtual_server group G {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
            }
            """, 5),
        ("vsg-empty", """
            virtual_server_group G {
            }
            """, 5),
        ("vsg-ok", """
            virtual_server_group G {
             10.0.0.1-10 80
             10.0.1.0/24 80
             fd00::1-a 80
             fwmark 5 inet
            }
            virtual_server group G {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
            }
            """, 0),
        ("vsg-undefined", """
            virtual_server group NOPE {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
             }
            }
            """, 0),
        ("weight0", """
            virtual_server 10.0.0.1 80 {
             lb_algo rr
             lb_kind NAT
             protocol TCP
             real_server 10.0.0.2 80 {
              weight 0
             }
             real_server 10.0.0.3 80 {
             }
            }
            """, 0),
    ];
}
