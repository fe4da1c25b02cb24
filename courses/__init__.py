"""Content in the Wagtail page tree: home, portal, catalogue, programmes, courses, lessons, explainers."""
