"""The public zone: `sunbeon relay`, the service on a public host that the internal
server pushes its public figures to over an outbound, signed link (docs/public.md).

`link` signs and checks the link's requests (both sides use it); `holding` is the
relay's own small database; `relay` is its Flask app and server; `messages` the words of
its pages in six languages. Nothing here imports the internal server's store, engine or
configuration: the relay knows only what it was sent.
"""
