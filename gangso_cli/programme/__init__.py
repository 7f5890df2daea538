"""The programme across years (2020 →): each zone's envelopes year by year, per phase."""
