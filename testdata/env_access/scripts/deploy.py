#!/usr/bin/env python3
"""Deployment helper: runs outside the services, so it may read the environment directly."""
import os
import subprocess

REGION = os.environ.get("DEPLOY_REGION", "us-east-1")


def main() -> int:
    env = os.environ.copy()
    env["DEPLOY_REGION"] = REGION
    return subprocess.call(["./deploy.sh"], env=env)


if __name__ == "__main__":
    raise SystemExit(main())
