"""The crawler layer: everything that touches the network (a Scrapy project)."""
