#!/usr/bin/env bash
# Regenerates every instance under instances/zoo/, instances/fc/ and instances/channels/ from the model zoo and the presets.
# Usage: scripts/regenerate-instances.sh        (from the package root)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dnnpart >/dev/null
dnnpart=.build/release/dnnpart
out=instances/zoo
rm -rf "$out"
mkdir -p "$out"

models="nin alexnet caffenet vgg16 tiny-yolov2 resnet18 resnet50 googlenet mobilenetv2"
# DADS's setting: a Raspberry Pi 3 at the edge, an 8-core server in the cloud, over 3G, 4G and Wi-Fi.
for model in $models; do
    for net in 3g 4g wifi; do
        "$dnnpart" zoo export "$model" --edge rpi3 --cloud server-8core --network "$net" \
            -o "$out/$model-rpi3-server-8core-$net.json"
    done
done
# Neurosurgeon's mobile platform, MeDNN's phone and network, a datacenter GPU.
"$dnnpart" zoo export alexnet --edge jetson-tk1 --cloud gpu-v100 --network wifi -o "$out/alexnet-jetson-tk1-gpu-v100-wifi.json"
"$dnnpart" zoo export caffenet --edge nexus5 --cloud server-8core --network medenn-wifi -o "$out/caffenet-nexus5-server-8core-medenn-wifi.json"
# DeepThings' network: full YOLOv2 at 608×608 (its first 16 layers are tiled across Pis).
"$dnnpart" zoo export yolov2 --edge rpi3 --cloud server-8core --network wifi -o "$out/yolov2-rpi3-server-8core-wifi.json"
# Memory caps (P1–P3): a Pi 3 that leaves 128 MB to inference cannot hold AlexNet's 244 MB of weights, so the optimum moves.
"$dnnpart" zoo export alexnet --edge rpi3 --edge-memory 128MB --cloud server-8core --network 3g -o "$out/alexnet-rpi3-128mb-server-8core-3g.json"
# Pipelines (P7): VGG-16 (a chain) and ResNet-50 (a DAG) over 4 and 8 mixed phones and Pis joined by gigabit Ethernet.
"$dnnpart" zoo export vgg16 --problem pipeline --cluster-device rpi3,rpi3,nexus5-modnn,nexus5 --network gbe \
    -o "$out/vgg16-pipeline-4-mixed-gbe.json"
"$dnnpart" zoo export vgg16 --problem pipeline --cluster-device rpi3,rpi3,rpi3,rpi3,nexus5-modnn,nexus5-modnn,nexus5,nexus5 --network gbe \
    -o "$out/vgg16-pipeline-8-mixed-gbe.json"
"$dnnpart" zoo export resnet50 --problem pipeline --cluster-device rpi3,rpi3,nexus5-modnn,nexus5 --network gbe \
    -o "$out/resnet50-pipeline-4-mixed-gbe.json"
"$dnnpart" zoo export resnet50 --problem pipeline --cluster-device rpi3,rpi3,rpi3,rpi3,nexus5-modnn,nexus5-modnn,nexus5,nexus5 --network gbe \
    -o "$out/resnet50-pipeline-8-mixed-gbe.json"
# Throughput instances with a required frame rate (DADS mode selection).
"$dnnpart" zoo export resnet50 --edge rpi3 --cloud server-8core --network wifi --problem throughput --rate 2 \
    -o "$out/resnet50-rpi3-server-8core-wifi-throughput.json"
"$dnnpart" zoo export googlenet --edge rpi3 --cloud server-8core --network 4g --problem throughput --rate 4 \
    -o "$out/googlenet-rpi3-server-8core-4g-throughput.json"
# Three tiers (D3): a Raspberry Pi 3, a Jetson TK1 edge server and the 8-core cloud.
for model in resnet18 googlenet vgg16 mobilenetv2; do
    "$dnnpart" zoo export "$model" --problem three-tier --device rpi3 --edge jetson-tk1 --cloud server-8core \
        --network wifi --backbone 4g -o "$out/$model-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json"
done
echo "wrote $(ls "$out" | wc -l) instances to $out"
# Sparse FC layers (P5): MoDNN's four Nexus 5 phones over Wi-Fi. Densities follow Deep Compression
# (AlexNet fc6 keeps 9%, VGG-16 fc6 and fc7 keep 4%); the block instances model group-lasso pruning.
fc=instances/fc
rm -rf "$fc"
mkdir -p "$fc"
"$dnnpart" zoo export alexnet --problem fc --layer fc6 --density 0.09 --devices 4 -o "$fc/alexnet-fc6-magnitude.json"
"$dnnpart" zoo export vgg16 --problem fc --layer fc6 --density 0.04 --devices 4 -o "$fc/vgg16-fc6-magnitude.json"
"$dnnpart" zoo export vgg16 --problem fc --layer fc7 --density 0.04 --devices 4 -o "$fc/vgg16-fc7-magnitude.json"
"$dnnpart" zoo export vgg16 --problem fc --layer fc6 --generator blocks --blocks 8 --density 0.00347 --noise 0.05 --devices 4 \
    -o "$fc/vgg16-fc6-blocks.json"
"$dnnpart" zoo export vgg16 --problem fc --layer fc7 --generator blocks --blocks 4 --density 0.02 --noise 0.1 --devices 4 \
    -o "$fc/vgg16-fc7-blocks.json"
echo "wrote $(ls "$fc" | wc -l) instances to $fc"
# Channel groups (P6, DeCNN): decoupled ResNet-50 (4 groups, width ×1.5) and VGG-16 on DeCNN's four
# Raspberry Pi 3 over Wi-Fi, and ResNet-50 in 8 groups on a mixed cluster of two Pis and two phones.
ch=instances/channels
rm -rf "$ch"
mkdir -p "$ch"
"$dnnpart" zoo export resnet50 --groups 4 --width 1.5 --problem channels --devices 4 --cluster-device rpi3 --network wifi \
    -o "$ch/resnet50-g4-w1.5-4xrpi3-wifi.json"
"$dnnpart" zoo export vgg16 --groups 4 --width 1 --problem channels --devices 4 --cluster-device rpi3 --network wifi \
    -o "$ch/vgg16-g4-w1-4xrpi3-wifi.json"
"$dnnpart" zoo export resnet50 --groups 8 --width 1.5 --problem channels --cluster-device rpi3,rpi3,nexus5,nexus5 --network wifi \
    -o "$ch/resnet50-g8-w1.5-2xrpi3-2xnexus5-wifi.json"
echo "wrote $(ls "$ch" | wc -l) instances to $ch"
