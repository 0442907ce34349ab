"""The dossier as pages: a local read-only web app (`storyline serve`) and a one-file report."""
