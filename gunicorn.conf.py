"""gunicorn settings for `make serve`, the Docker image and any other production start.

Every value can be overridden from the environment (GUNICORN_* below) or on the command line.
"""

import multiprocessing
import os

# Behind a load balancer or reverse proxy that terminates TLS; the proxy talks plain HTTP.
bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
# The usual 2 × cores + 1 sync workers: each waits on PostgreSQL most of the time.
workers = int(os.getenv("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# A request past this is killed and its worker replaced (the big exports stream well below it).
timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.getenv("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.getenv("GUNICORN_KEEPALIVE", "5"))
# Workers are replaced after this many requests (with jitter, so not all at once): whatever
# memory a worker gathers over hours is given back.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.getenv("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Access and error log to stdout/stderr, where systemd, Docker or any supervisor collects them.
accesslog = os.getenv("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.getenv("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
# The X-Forwarded-* headers are believed only from these addresses (the proxy in front).
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Small bounds on request lines and headers; the site has no large uploads.
limit_request_line = 8190
limit_request_fields = 100
# The worker heartbeat lives in memory, not on a disk that may be slow or read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn 24+ opens a control socket in the user's home by default; several gunicorns on one
# machine would share it, and the app keeps nothing on local disk.
control_socket_disable = True
wsgi_app = "netzwerk.wsgi:application"
