from directory.views import home

event_list = series_detail = event_detail = home
