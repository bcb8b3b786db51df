"""Run database migrations."""
from netra_backend.app.db.session import database_url


def main() -> None:
    print(f"migrating {database_url()}")


if __name__ == "__main__":
    main()
