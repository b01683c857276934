"""``python -P -m honmono.host``: what the installed launchers and ``honmono doctor`` run."""

import sys

from honmono.host.server import main

if __name__ == "__main__":
    sys.exit(main())
