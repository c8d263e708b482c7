# gunicorn reads this file from its working directory (the repository's root, as the README and
# deploy/spravka-web.service run it). Everything else is on the command line.

# Whenever the access log is on (--access-logfile), its lines keep no query value, no private
# link's secret and no card number: what visitors type into search goes to the log otherwise
# (core/access_log.py).
logger_class = "core.access_log.RedactedAccessLogger"
