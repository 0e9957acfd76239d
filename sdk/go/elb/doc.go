// Backend servers (pool members) of shared Elastic Load Balancers, API v2.0 (/v2.0/lbaas), on Open Telekom Cloud and Huawei Cloud, and OpenStack Octavia (/v2/lbaas).
package elb
