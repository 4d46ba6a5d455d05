# Draws Samkart's icon (a network of services round a shared centre) as assets/samkart.png
# (256 px) and assets/samkart.ico (16-256 px). Needs Pillow: `python3 assets/make_icon.py`.
import os
os.chdir(os.path.dirname(os.path.abspath(__file__)))
from PIL import Image, ImageDraw
S=1024
img=Image.new("RGBA",(S,S),(0,0,0,0))
d=ImageDraw.Draw(img)
# rounded square, calm blue
d.rounded_rectangle((40,40,S-40,S-40),radius=200,fill=(27,86,128,255))
# network of services: nodes and links
nodes=[(300,330),(724,300),(512,560),(290,760),(740,740)]
links=[(0,2),(1,2),(2,3),(2,4),(0,1),(3,4)]
for a,b in links:
    d.line((nodes[a],nodes[b]),fill=(255,255,255,200),width=34)
for i,(x,y) in enumerate(nodes):
    r=110 if i==2 else 78
    col=(255,255,255,255) if i!=2 else (255,214,102,255)
    d.ellipse((x-r,y-r,x+r,y+r),fill=col,outline=(27,86,128,255),width=16)

img.resize((256,256),Image.LANCZOS).save("samkart.png")
sizes=[(16,16),(24,24),(32,32),(48,48),(64,64),(128,128),(256,256)]
img.save("samkart.ico",sizes=sizes)
