# syntax=docker/dockerfile:1
# A static pinkit in a distroless image (no shell, non-root).
#   docker build -t pinkit --build-arg VERSION=v1.2.3 .
#   docker run --rm -v "$PWD:/work" -w /work pinkit audit app.apk
# CI builds the same image without a Docker engine with ko (.ko.yaml,
# scripts/build-image.sh); this file is kept for users who build with Docker.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=(devel)
RUN CGO_ENABLED=0 go build -trimpath \
	-ldflags "-s -w -X github.com/pinkit/pinkit/internal/buildinfo.version=${VERSION}" \
	-o /out/pinkit ./cmd/pinkit

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pinkit /usr/local/bin/pinkit
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/pinkit"]
