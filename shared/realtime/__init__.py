"""The realtime hub: Flask-SocketIO rooms fed by each office's ordered event stream, across
processes through Redis."""
